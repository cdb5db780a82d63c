/* cpis-hub-seed-national.c: synthetic data at national volume
 *
 * Everything is drawn first (who, where, when), then written with prepared
 * statements in one transaction on a connection of its own, journal and
 * syncing off: the file is a ".partial" until it is complete, and is moved
 * into place only then, so a seed cut short leaves nothing that looks like
 * a hub. The store's own triggers keep the figures' table
 * (notification_figures) as the hub's writes would.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cpis-hub-seed-national.h"

#include "cpis-date.h"
#include "cpis-demo-account.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-store.h"
#include "cpis-nhs-number.h"

#define DAY_USEC    (G_USEC_PER_SEC * (gint64) 86400)
#define MINUTE_USEC (G_USEC_PER_SEC * (gint64) 60)
/* the share of a child's checks made in their own LA's area */
#define IN_AREA     0.88
/* the share of notifications acted on; the rest stay open */
#define ACTED_ON    0.92
/* an LA's uploads the hub refused, against those it took */
#define REFUSED     0.03

static const char * const place_starts[] = {
  "Ash", "Oak", "Elm", "Birch", "Wil", "Hart", "Mil", "Brad", "Stan", "Ross",
  "Fair", "Green", "Red", "Black", "White", "Wood", "Stone", "Marsh", "Bran", "Kel",
};
static const char * const place_ends[] = {
  "bridge", "ford", "ham", "field", "wick", "stow", "worth", "bury", "ton", "mouth",
  "combe", "ley", "dale", "holm", "minster",
};

/* The kinds, as the store keeps them, how often each is chosen for a
 * setting, and how busy one is */
static const struct
{
  const char *code;
  const char *words;
  double      share;
  double      busy;
  const char *job_code;
  const char *job_display;
} kinds[] = {
  { "emergency-department", "Emergency Department", 0.15, 3.0, "224538006", "Triage nurse" },
  { "urgent-treatment-centre", "Urgent Treatment Centre", 0.10, 2.0, "224571005", "Nurse practitioner" },
  { "minor-injury-unit", "Minor Injury Unit", 0.10, 1.0, "224571005", "Nurse practitioner" },
  { "walk-in-centre", "Walk-in Centre", 0.05, 1.0, "224535009", "Registered nurse" },
  { "gp-out-of-hours", "GP Out of Hours", 0.20, 1.5, "62247001", "General practitioner" },
  { "nhs-111", "NHS 111", 0.03, 0.5, "224535009", "Registered nurse" },
  { "ambulance", "Ambulance Service", 0.02, 0.5, "397897005", "Paramedic" },
  { "maternity", "Maternity Unit", 0.15, 1.0, "309453006", "Midwife" },
  { "paediatric-ward", "Paediatric Ward", 0.20, 1.0, "224562001", "Paediatric nurse" },
};

typedef struct
{
  guint   area;
  double  weight;     /* its share of the children */
  char   *code;
  char   *name;
  gint64  id;
  gint64  worker_id;  /* its social worker, who acts on its notifications */
  char   *worker_role_id;
  char   *worker_name;
} La;

typedef struct
{
  guint   area;
  guint   kind;
  char   *code;
  char   *name;
  gint64  id;
  gint64  staff_id;   /* the clinician whose checks are recorded */
  char   *staff_role_id;
  char   *staff_profile_id;
  char   *staff_name;
} Setting;

typedef struct
{
  char   nhs_number[11];
  guint  la;
  gint32 start_day;   /* Julian days */
  gint32 end_day;     /* G_MAXINT32: not ended */
} Child;

typedef struct
{
  gint64  usec;
  guint32 child;
  guint32 setting;
} Check;

typedef struct
{
  const CpisHubNationalScale *scale;
  GRand      *rand;
  sqlite3    *db;
  GHashTable *statements;  /* SQL → sqlite3_stmt */
  GPtrArray  *area_names;
  GArray     *las;         /* La */
  GArray     *settings;    /* Setting */
  GArray     *children;    /* Child */
  GArray    **area_settings;  /* per area: guint, the settings, repeated by how busy */
  guint      *area_of_la;
  gint64      end_usec;    /* tomorrow's UK midnight: the data's end */
  gint32      today;       /* Julian */
  guint64     n_ids;
  CpisHubNationalSummary *summary;
} Seeder;

/* ------------------------------------------------------------------------ */
/* SQL */

static gboolean
sql_failed (Seeder      *seeder,
            const char  *what,
            GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not %s: %s", what, sqlite3_errmsg (seeder->db));
  return FALSE;
}

static gboolean
exec (Seeder      *seeder,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (seeder->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_failed (seeder, sql, error);
  return TRUE;
}

static sqlite3_stmt *
statement (Seeder     *seeder,
           const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (seeder->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (seeder->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return NULL;
      g_hash_table_insert (seeder->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

/* Steps @stmt once; its row's id */
static gint64
insert (Seeder        *seeder,
        sqlite3_stmt  *stmt,
        const char    *what,
        GError       **error)
{
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_DONE)
    {
      sql_failed (seeder, what, error);
      return -1;
    }
  return sqlite3_last_insert_rowid (seeder->db);
}

/* A deterministic UUID-shaped id, unique in the file (@kind: its first digit) */
static char *
next_id (Seeder *seeder,
         guint   kind)
{
  return g_strdup_printf ("%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x", 0x0a000000u + kind,
                          (guint64) ++seeder->n_ids);
}

/* ------------------------------------------------------------------------ */
/* Drawing */

static double
normal (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static char *
place_name (GRand      *rand,
            GHashTable *taken)
{
  while (TRUE)
    {
      char *name = g_strconcat (place_starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (place_starts))],
                                place_ends[g_rand_int_range (rand, 0, G_N_ELEMENTS (place_ends))], NULL);

      if (!g_hash_table_contains (taken, name))
        {
          g_hash_table_add (taken, g_strdup (name));
          return name;
        }
      g_free (name);
    }
}

static char *
date_text (gint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) julian);
  return cpis_date_to_string (&date);
}

static guint
pick_kind (GRand *rand)
{
  double u = g_rand_double (rand);
  double total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      total += kinds[i].share;
      if (u < total)
        return i;
    }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Writing */

static gboolean
write_organisations (Seeder  *seeder,
                     GError **error)
{
  const CpisHubNationalScale *scale = seeder->scale;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guint *settings_in_area = g_new0 (guint, scale->n_areas);
  g_autofree guint *las_in_area = g_new0 (guint, scale->n_areas);
  const char *sql = "INSERT INTO organisations (ods_code, name, kind, phone_office, phone_emergency, area,"
                    " setting_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

  /* the first area has 10 LAs; the others share the rest */
  for (guint i = 0; i < scale->n_las; i++)
    {
      La la = { 0 };
      g_autofree char *place = place_name (seeder->rand, taken);
      g_autofree char *office = g_strdup_printf ("01632 %06u", 100000 + i);
      g_autofree char *emergency = g_strdup_printf ("01632 %06u", 500000 + i);
      sqlite3_stmt *stmt;

      la.area = i < MIN (10, scale->n_las) ? 0 : 1 + (i - 10) % MAX (scale->n_areas - 1, 1);
      la.area = MIN (la.area, scale->n_areas - 1);
      la.weight = exp (0.55 * normal (seeder->rand));
      la.code = g_strdup_printf ("N%03u", i + 1);
      la.name = g_strdup_printf ("%s Council", place);
      if (las_in_area[la.area]++ == 0)
        g_ptr_array_index (seeder->area_names, la.area) = g_strdup_printf ("%s and District", place);

      stmt = statement (seeder, sql);
      bind_text (stmt, 1, la.code);
      bind_text (stmt, 2, la.name);
      bind_text (stmt, 3, "local-authority");
      bind_text (stmt, 4, office);
      bind_text (stmt, 5, emergency);
      bind_text (stmt, 6, g_ptr_array_index (seeder->area_names, la.area));
      if ((la.id = insert (seeder, stmt, "store an LA", error)) < 0)
        return FALSE;
      g_array_append_val (seeder->las, la);
    }

  for (guint i = 0; i < scale->n_settings; i++)
    {
      Setting setting = { 0 };
      La *near;
      g_autofree char *town = NULL;
      sqlite3_stmt *stmt;

      /* in an area by how many LAs it has: one of the LAs' towns */
      near = &g_array_index (seeder->las, La, g_rand_int_range (seeder->rand, 0, scale->n_las));
      setting.area = near->area;
      setting.kind = pick_kind (seeder->rand);
      setting.code = g_strdup_printf ("S%04u", i + 1);
      town = g_strndup (near->name, strlen (near->name) - strlen (" Council"));
      setting.name = g_strdup_printf ("%s %s %u", town, kinds[setting.kind].words, ++settings_in_area[setting.area]);

      stmt = statement (seeder, sql);
      bind_text (stmt, 1, setting.code);
      bind_text (stmt, 2, setting.name);
      bind_text (stmt, 3, "unscheduled-care");
      bind_text (stmt, 6, g_ptr_array_index (seeder->area_names, setting.area));
      bind_text (stmt, 7, kinds[setting.kind].code);
      if ((setting.id = insert (seeder, stmt, "store a setting", error)) < 0)
        return FALSE;
      g_array_append_val (seeder->settings, setting);

      /* a busy setting is in its area's list more than once */
      for (guint n = 0; n < (guint) (kinds[setting.kind].busy * 2); n++)
        {
          guint index = i;

          g_array_append_val (seeder->area_settings[setting.area], index);
        }
    }

  seeder->summary->n_organisations = scale->n_las + scale->n_settings;
  seeder->summary->big_area = g_strdup (g_ptr_array_index (seeder->area_names, 0));
  return TRUE;
}

static gint64
write_user (Seeder      *seeder,
            const char  *username,
            const char  *role,
            gint64       organisation_id,
            const char  *full_name,
            const char  *job_code,
            const char  *job_display,
            char       **role_id,
            char       **profile_id,
            GError     **error)
{
  sqlite3_stmt *stmt = statement (seeder, "INSERT INTO users (username, password_hash, role, organisation_id,"
                                          " full_name, job_role_code, job_role_display, practitioner_role_id,"
                                          " role_profile_id) VALUES (?1, '*', ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

  *role_id = next_id (seeder, 1);
  *profile_id = g_strdup_printf ("%012" G_GUINT64_FORMAT, 555000000000 + seeder->n_ids);
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, role);
  sqlite3_bind_int64 (stmt, 3, organisation_id);
  bind_text (stmt, 4, full_name);
  bind_text (stmt, 5, job_code);
  bind_text (stmt, 6, job_display);
  bind_text (stmt, 7, *role_id);
  bind_text (stmt, 8, *profile_id);
  return insert (seeder, stmt, "store a user", error);
}

/* One social worker per LA and one clinician per setting, who cannot sign
 * in ("*" is no crypt hash): the names in access histories and Task versions */
static gboolean
write_staff (Seeder  *seeder,
             GError **error)
{
  for (guint i = 0; i < seeder->las->len; i++)
    {
      La *la = &g_array_index (seeder->las, La, i);
      g_autofree char *username = g_ascii_strdown (la->code, -1);
      g_autofree char *full = g_strconcat (username, "-sw", NULL);
      g_autofree char *profile = NULL;

      la->worker_name = g_strdup_printf ("Social Worker %s", la->code);
      la->worker_id = write_user (seeder, full, "social-worker", la->id, la->worker_name, NULL, NULL,
                                  &la->worker_role_id, &profile, error);
      if (la->worker_id < 0)
        return FALSE;
    }

  for (guint i = 0; i < seeder->settings->len; i++)
    {
      Setting *setting = &g_array_index (seeder->settings, Setting, i);
      g_autofree char *lower = g_ascii_strdown (setting->code, -1);
      g_autofree char *username = g_strconcat (lower, "-staff", NULL);

      setting->staff_name = g_strdup_printf ("Clinician %s", setting->code);
      setting->staff_id = write_user (seeder, username, "clinician", setting->id, setting->staff_name,
                                      kinds[setting->kind].job_code, kinds[setting->kind].job_display,
                                      &setting->staff_role_id, &setting->staff_profile_id, error);
      if (setting->staff_id < 0)
        return FALSE;
    }
  return TRUE;
}

/* The next valid NHS number in the 999 range after @serial */
static void
nhs_number (guint *serial,
            char   out[11])
{
  while (TRUE)
    {
      int check;

      g_snprintf (out, 11, "999%06u", (*serial)++ % 1000000);
      check = cpis_nhs_number_check_digit (out);
      if (check < 0)
        continue;
      out[9] = (char) ('0' + check);
      out[10] = '\0';
      return;
    }
}

static guint
pick_la (Seeder *seeder,
         double  total)
{
  double u = g_rand_double (seeder->rand) * total;

  for (guint i = 0; i < seeder->las->len; i++)
    {
      u -= g_array_index (seeder->las, La, i).weight;
      if (u < 0)
        return i;
    }
  return seeder->las->len - 1;
}

static gboolean
write_plans (Seeder  *seeder,
             GError **error)
{
  const CpisHubNationalScale *scale = seeder->scale;
  /* those on plans on the day, and a fifth as many whose plans have ended */
  guint n_children = scale->n_children + scale->n_children / 5;
  guint serial = 500000;
  double total = 0;
  guint n_refused = 0;

  for (guint i = 0; i < seeder->las->len; i++)
    total += g_array_index (seeder->las, La, i).weight;

  for (guint i = 0; i < n_children; i++)
    {
      Child child = { 0 };
      double kind = g_rand_double (seeder->rand);
      const char *type = kind < 0.45 ? "CPP" : kind < 0.95 ? "LAC"
                                                           : "UCPP";
      g_autofree char *id = next_id (seeder, 2);
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *due = NULL;
      La *la;
      sqlite3_stmt *stmt;
      gint64 uploaded;

      nhs_number (&serial, child.nhs_number);
      child.la = pick_la (seeder, total);
      if (i < scale->n_children)
        {
          child.start_day = seeder->today - g_rand_int_range (seeder->rand, 0, 4 * 365);
          child.end_day = G_MAXINT32;
        }
      else
        {
          child.start_day = seeder->today - g_rand_int_range (seeder->rand, 60, 5 * 365);
          child.end_day = child.start_day + g_rand_int_range (seeder->rand, 30, seeder->today - child.start_day);
          end = date_text (child.end_day);
        }
      start = date_text (child.start_day);
      if (type[0] == 'U')
        due = date_text (child.start_day + g_rand_int_range (seeder->rand, 60, 200));
      /* uploaded within two days of its start, in office hours */
      uploaded = seeder->end_usec - (gint64) (seeder->today + 1 - child.start_day) * DAY_USEC +
                 g_rand_int_range (seeder->rand, 0, 2) * DAY_USEC + g_rand_int_range (seeder->rand, 9, 17) * 60 * MINUTE_USEC;
      la = &g_array_index (seeder->las, La, child.la);

      stmt = statement (seeder, "INSERT INTO plans (id, nhs_number, plan_type, start_date, end_date, due_date,"
                                " la_id, uploaded_usec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, child.nhs_number);
      bind_text (stmt, 3, type);
      bind_text (stmt, 4, start);
      bind_text (stmt, 5, end);
      bind_text (stmt, 6, due);
      sqlite3_bind_int64 (stmt, 7, la->id);
      sqlite3_bind_int64 (stmt, 8, MIN (uploaded, seeder->end_usec - 1));
      if (insert (seeder, stmt, "store a plan", error) < 0)
        return FALSE;
      g_array_append_val (seeder->children, child);

      /* now and then a record refused, most put right since */
      if (g_rand_double (seeder->rand) < REFUSED)
        {
          static const char * const codes[] = { "CPR01", "CPR02", "CPR03", "CPR04", "CPR05", "CPR07" };
          g_autofree char *exception_id = next_id (seeder, 3);
          gint64 recorded = MIN (uploaded, seeder->end_usec - 1);
          char refused[11];

          nhs_number (&serial, refused);
          stmt = statement (seeder, "INSERT INTO plan_exceptions (id, la_id, nhs_number, plan_type, start_date,"
                                    " code, detail, recorded_usec, resolved_usec, resolution)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'Refused by the national seed', ?7, ?8, ?9)");
          bind_text (stmt, 1, exception_id);
          sqlite3_bind_int64 (stmt, 2, la->id);
          bind_text (stmt, 3, refused);
          bind_text (stmt, 4, type);
          bind_text (stmt, 5, start);
          bind_text (stmt, 6, codes[n_refused++ % G_N_ELEMENTS (codes)]);
          sqlite3_bind_int64 (stmt, 7, recorded);
          if (g_rand_double (seeder->rand) < 0.7)
            {
              sqlite3_bind_int64 (stmt, 8, recorded + 1);
              bind_text (stmt, 9, "uploaded");
            }
          if (insert (seeder, stmt, "store an upload exception", error) < 0)
            return FALSE;
        }
    }

  seeder->summary->n_plans = n_children;
  return TRUE;
}

static int
compare_checks (gconstpointer a,
                gconstpointer b)
{
  const Check *x = a, *y = b;

  return (x->usec > y->usec) - (x->usec < y->usec);
}

/* Who attended where and when: a few children often (the i-th of a
 * shuffled list chosen with a weight falling as a power of i), most in
 * their own LA's area, at a busy kind of setting more often */
static GArray *
draw_checks (Seeder *seeder)
{
  const CpisHubNationalScale *scale = seeder->scale;
  guint n_children = seeder->children->len;
  g_autofree guint32 *order = g_new (guint32, n_children);
  GArray *checks = g_array_sized_new (FALSE, FALSE, sizeof (Check), scale->n_accesses);
  gint64 span = (gint64) scale->n_days * DAY_USEC;

  for (guint i = 0; i < n_children; i++)
    order[i] = i;
  for (guint i = n_children; i > 1; i--)
    {
      guint j = g_rand_int_range (seeder->rand, 0, i);
      guint32 swap = order[i - 1];

      order[i - 1] = order[j];
      order[j] = swap;
    }

  for (guint i = 0; i < scale->n_accesses; i++)
    {
      Check check;
      guint area;
      GArray *in_area;
      guint rank = (guint) (n_children * pow (g_rand_double (seeder->rand), 2.2));

      check.child = order[MIN (rank, n_children - 1)];
      area = seeder->area_of_la[g_array_index (seeder->children, Child, check.child).la];
      if (g_rand_double (seeder->rand) >= IN_AREA)
        area = g_rand_int_range (seeder->rand, 0, scale->n_areas);
      in_area = seeder->area_settings[area];
      if (in_area->len == 0)
        in_area = seeder->area_settings[0];
      check.setting = g_array_index (in_area, guint, g_rand_int_range (seeder->rand, 0, in_area->len));
      check.usec = seeder->end_usec - span + (gint64) (g_rand_double (seeder->rand) * (double) span);
      g_array_append_val (checks, check);
    }

  g_array_sort (checks, compare_checks);
  return checks;
}

static gboolean
write_version (Seeder    *seeder,
               gint64     notification_seq,
               int        version,
               const La  *la,
               gint64     modified_usec,
               GError   **error)
{
  sqlite3_stmt *stmt = statement (seeder, "INSERT INTO notification_versions (notification_seq, version, status,"
                                          " owner_kind, owner_user_id, modified_usec, modified_by_user_id,"
                                          " modified_by_role_id, modified_by_name)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

  sqlite3_bind_int64 (stmt, 1, notification_seq);
  sqlite3_bind_int (stmt, 2, version);
  bind_text (stmt, 3, version == 1 ? "requested" : "accepted");
  bind_text (stmt, 4, version == 1 ? "la" : "social-worker");
  if (version > 1)
    {
      sqlite3_bind_int64 (stmt, 5, la->worker_id);
      sqlite3_bind_int64 (stmt, 7, la->worker_id);
      bind_text (stmt, 8, la->worker_role_id);
      bind_text (stmt, 9, la->worker_name);
    }
  sqlite3_bind_int64 (stmt, 6, modified_usec);
  return insert (seeder, stmt, "store a notification's version", error) >= 0;
}

static gboolean
write_checks (Seeder  *seeder,
              GArray  *checks,
              GError **error)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const Check *check = &g_array_index (checks, Check, i);
      const Child *child = &g_array_index (seeder->children, Child, check->child);
      const Setting *setting = &g_array_index (seeder->settings, Setting, check->setting);
      const La *la = &g_array_index (seeder->las, La, child->la);
      gint32 day = seeder->today - (gint32) ((seeder->end_usec - 1 - check->usec) / DAY_USEC);
      g_autofree char *access_id = next_id (seeder, 4);
      g_autofree char *notification_id = NULL;
      sqlite3_stmt *stmt;
      gint64 seq, acted = 0;

      stmt = statement (seeder, "INSERT INTO accesses (id, nhs_number, recorded_usec, user_id, practitioner_role_id,"
                                " viewer_name, job_role_code, job_role_display, role_profile_id, org_ods_code,"
                                " org_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
      bind_text (stmt, 1, access_id);
      bind_text (stmt, 2, child->nhs_number);
      sqlite3_bind_int64 (stmt, 3, check->usec);
      sqlite3_bind_int64 (stmt, 4, setting->staff_id);
      bind_text (stmt, 5, setting->staff_role_id);
      bind_text (stmt, 6, setting->staff_name);
      bind_text (stmt, 7, kinds[setting->kind].job_code);
      bind_text (stmt, 8, kinds[setting->kind].job_display);
      bind_text (stmt, 9, setting->staff_profile_id);
      bind_text (stmt, 10, setting->code);
      bind_text (stmt, 11, setting->name);
      if (insert (seeder, stmt, "store an access", error) < 0)
        return FALSE;

      /* the LA is told only while the plan is on */
      if (day < child->start_day || day >= child->end_day)
        continue;

      /* most acted on after a while (log-normal, about an hour and a half
       * at the median), some not yet */
      if (g_rand_double (seeder->rand) < ACTED_ON)
        {
          acted = check->usec + (gint64) (95.0 * exp (1.3 * normal (seeder->rand)) * MINUTE_USEC);
          if (acted >= seeder->end_usec)
            acted = 0;
        }

      notification_id = next_id (seeder, 5);
      stmt = statement (seeder, "INSERT INTO notifications (id, code, la_id, access_id, nhs_number,"
                                " requester_ods_code, requester_name, out_of_area, authored_usec, version, status,"
                                " owner_kind, owner_user_id, last_modified_usec)"
                                " VALUES (?1, 'access-to-service', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
      bind_text (stmt, 1, notification_id);
      sqlite3_bind_int64 (stmt, 2, la->id);
      bind_text (stmt, 3, access_id);
      bind_text (stmt, 4, child->nhs_number);
      bind_text (stmt, 5, setting->code);
      bind_text (stmt, 6, setting->name);
      sqlite3_bind_int (stmt, 7, setting->area != la->area);
      sqlite3_bind_int64 (stmt, 8, check->usec);
      sqlite3_bind_int (stmt, 9, acted != 0 ? 2 : 1);
      bind_text (stmt, 10, acted != 0 ? "accepted" : "requested");
      bind_text (stmt, 11, acted != 0 ? "social-worker" : "la");
      if (acted != 0)
        sqlite3_bind_int64 (stmt, 12, la->worker_id);
      sqlite3_bind_int64 (stmt, 13, acted != 0 ? acted : check->usec);
      if ((seq = insert (seeder, stmt, "store a notification", error)) < 0)
        return FALSE;
      seeder->summary->n_notifications++;

      if (!write_version (seeder, seq, 1, la, check->usec, error) ||
          (acted != 0 && !write_version (seeder, seq, 2, la, acted, error)))
        return FALSE;
    }

  seeder->summary->n_accesses = checks->len;
  return TRUE;
}

/* The three demo accounts, with passwords, through the store */
static GPtrArray *
add_demo_accounts (const char  *path,
                   Seeder      *seeder,
                   GError     **error)
{
  g_autoptr(CpisHubStore) store = cpis_hub_store_open (path, error);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_demo_account_free);
  const La *la = &g_array_index (seeder->las, La, 0);
  const Setting *ed = NULL;
  struct
  {
    const char *username;
    CpisRole    role;
    const char *ods_code;
    const char *organisation;
  } demo[] = {
    { "officer", CPIS_ROLE_PARTNERSHIP_OFFICER, la->code, la->name },
    { "socialworker", CPIS_ROLE_SOCIAL_WORKER, la->code, la->name },
    { "nurse", CPIS_ROLE_CLINICIAN, NULL, NULL },
  };

  if (store == NULL)
    return NULL;
  for (guint i = 0; i < seeder->settings->len && ed == NULL; i++)
    {
      const Setting *setting = &g_array_index (seeder->settings, Setting, i);

      if (setting->area == 0 && setting->kind == 0)
        ed = setting;
    }
  if (ed == NULL)
    ed = &g_array_index (seeder->settings, Setting, 0);
  demo[2].ods_code = ed->code;
  demo[2].organisation = ed->name;

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autofree char *password = g_strdup_printf ("national-%08x", g_rand_int (seeder->rand));
      g_autofree char *hash = cpis_hub_auth_hash_password (password, error);
      g_autoptr(CpisHubOrganisation) organisation = NULL;
      g_autofree char *description = NULL;
      CpisHubUser user = { 0 };

      if (hash == NULL)
        return NULL;
      organisation = cpis_hub_store_find_organisation (store, demo[i].ods_code, error);
      if (organisation == NULL)
        return NULL;
      user.username = (char *) demo[i].username;
      user.role = demo[i].role;
      user.full_name = (char *) (demo[i].role == CPIS_ROLE_PARTNERSHIP_OFFICER ? "Demo Officer"
                                 : demo[i].role == CPIS_ROLE_SOCIAL_WORKER     ? "Demo Social Worker"
                                                                               : "Demo Nurse");
      user.job_role_code = (char *) (demo[i].role == CPIS_ROLE_CLINICIAN ? kinds[0].job_code : NULL);
      user.job_role_display = (char *) (demo[i].role == CPIS_ROLE_CLINICIAN ? kinds[0].job_display : NULL);
      user.organisation = organisation;
      if (!cpis_hub_store_add_user (store, &user, hash, error))
        return NULL;
      g_free (user.practitioner_role_id);
      g_free (user.role_profile_id);

      description = demo[i].role == CPIS_ROLE_PARTNERSHIP_OFFICER
                    ? g_strdup_printf ("Partnership officer, %s (10 LAs)", seeder->summary->big_area)
                    : g_strdup_printf ("%s, %s", demo[i].role == CPIS_ROLE_SOCIAL_WORKER ? "Social worker" : "Triage nurse", demo[i].organisation);
      g_ptr_array_add (accounts, cpis_demo_account_new (demo[i].username, password, demo[i].role, description));
    }
  cpis_hub_store_close (store);
  return g_steal_pointer (&accounts);
}

/* ------------------------------------------------------------------------ */

void
cpis_hub_national_scale_init (CpisHubNationalScale *scale)
{
  scale->n_las = 152;
  scale->n_areas = 40;
  scale->n_settings = 1300;
  scale->n_children = 150000;
  scale->n_accesses = 5000000;
  scale->n_days = 730;
}

void
cpis_hub_national_summary_clear (CpisHubNationalSummary *summary)
{
  g_clear_pointer (&summary->big_area, g_free);
  memset (summary, 0, sizeof *summary);
}

/* A database file and its sidecars */
static void
remove_database (const char *partial)
{
  g_autofree char *wal = g_strconcat (partial, "-wal", NULL);
  g_autofree char *shm = g_strconcat (partial, "-shm", NULL);

  g_unlink (partial);
  g_unlink (wal);
  g_unlink (shm);
}

static void
seeder_clear (Seeder *seeder)
{
  if (seeder->statements != NULL)
    {
      GHashTableIter iter;
      gpointer stmt;

      g_hash_table_iter_init (&iter, seeder->statements);
      while (g_hash_table_iter_next (&iter, NULL, &stmt))
        sqlite3_finalize (stmt);
      g_hash_table_unref (seeder->statements);
    }
  if (seeder->db != NULL)
    sqlite3_close (seeder->db);
  for (guint i = 0; seeder->las != NULL && i < seeder->las->len; i++)
    {
      La *la = &g_array_index (seeder->las, La, i);

      g_free (la->code);
      g_free (la->name);
      g_free (la->worker_role_id);
      g_free (la->worker_name);
    }
  for (guint i = 0; seeder->settings != NULL && i < seeder->settings->len; i++)
    {
      Setting *setting = &g_array_index (seeder->settings, Setting, i);

      g_free (setting->code);
      g_free (setting->name);
      g_free (setting->staff_role_id);
      g_free (setting->staff_profile_id);
      g_free (setting->staff_name);
    }
  for (guint i = 0; seeder->area_settings != NULL && i < seeder->scale->n_areas; i++)
    g_array_unref (seeder->area_settings[i]);
  g_free (seeder->area_settings);
  g_free (seeder->area_of_la);
  g_clear_pointer (&seeder->las, g_array_unref);
  g_clear_pointer (&seeder->settings, g_array_unref);
  g_clear_pointer (&seeder->children, g_array_unref);
  g_clear_pointer (&seeder->area_names, g_ptr_array_unref);
  g_clear_pointer (&seeder->rand, g_rand_free);
}

GPtrArray *
cpis_hub_seed_national (const char                  *path,
                        const CpisHubNationalScale  *scale,
                        guint32                      seed,
                        const GDate                 *today,
                        CpisHubNationalSummary      *summary,
                        GError                     **error)
{
  g_autofree char *partial = NULL;
  g_autoptr(GArray) checks = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  GPtrArray *accounts = NULL;
  Seeder seeder = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (scale != NULL && scale->n_las >= 10 && scale->n_areas >= 2, NULL);
  g_return_val_if_fail (scale->n_settings >= scale->n_areas && scale->n_children > 0, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already exists: the national seed writes a new hub database", path);
      return NULL;
    }

  /* the schema, as the store makes it, in the file being built */
  partial = g_strconcat (path, ".partial", NULL);
  remove_database (partial);
  {
    g_autoptr(CpisHubStore) store = cpis_hub_store_open (partial, error);

    if (store == NULL)
      return NULL;
    cpis_hub_store_close (store);
  }

  memset (summary, 0, sizeof *summary);
  seeder.scale = scale;
  seeder.summary = summary;
  seeder.rand = g_rand_new_with_seed (seed ^ 0x4e415449u /* "NATI" */);
  seeder.statements = g_hash_table_new (g_str_hash, g_str_equal);
  seeder.area_names = g_ptr_array_new_full (scale->n_areas, g_free);
  g_ptr_array_set_size (seeder.area_names, scale->n_areas);
  seeder.las = g_array_new (FALSE, TRUE, sizeof (La));
  seeder.settings = g_array_new (FALSE, TRUE, sizeof (Setting));
  seeder.children = g_array_sized_new (FALSE, TRUE, sizeof (Child), scale->n_children + scale->n_children / 5);
  seeder.area_settings = g_new (GArray *, scale->n_areas);
  for (guint i = 0; i < scale->n_areas; i++)
    seeder.area_settings[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  seeder.today = (gint32) g_date_get_julian (today);
  midnight = g_date_time_new (cpis_date_uk_time_zone (), g_date_get_year (today), g_date_get_month (today),
                              g_date_get_day (today), 0, 0, 0);
  seeder.end_usec = g_date_time_to_unix (midnight) * G_USEC_PER_SEC + DAY_USEC;

  ok = sqlite3_open_v2 (partial, &seeder.db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
  if (!ok)
    sql_failed (&seeder, "open the new database", error);
  ok = ok && exec (&seeder, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
                            " PRAGMA cache_size = -400000; BEGIN", error);
  ok = ok && write_organisations (&seeder, error);
  if (ok)
    {
      seeder.area_of_la = g_new (guint, seeder.las->len);
      for (guint i = 0; i < seeder.las->len; i++)
        seeder.area_of_la[i] = g_array_index (seeder.las, La, i).area;
    }
  ok = ok && write_staff (&seeder, error);
  ok = ok && write_plans (&seeder, error);
  if (ok)
    checks = draw_checks (&seeder);
  ok = ok && write_checks (&seeder, checks, error);
  ok = ok && exec (&seeder, "COMMIT", error);
  if (ok)
    {
      GHashTableIter iter;
      gpointer stmt;

      g_hash_table_iter_init (&iter, seeder.statements);
      while (g_hash_table_iter_next (&iter, NULL, &stmt))
        sqlite3_finalize (stmt);
      g_hash_table_remove_all (seeder.statements);
      ok = sqlite3_close (seeder.db) == SQLITE_OK;
      if (!ok)
        sql_failed (&seeder, "close the new database", error);
      else
        seeder.db = NULL;
    }
  if (ok && g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not move %s into place: %s", partial,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (ok)
    {
      accounts = add_demo_accounts (path, &seeder, error);
      if (accounts == NULL)
        remove_database (path);
    }

  seeder_clear (&seeder);
  if (accounts == NULL)
    {
      remove_database (partial);
      cpis_hub_national_summary_clear (summary);
    }
  return accounts;
}
