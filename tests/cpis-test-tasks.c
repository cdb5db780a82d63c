/* cpis-test-tasks.c: synthetic notifications in bulk */

#include "cpis-test-tasks.h"

#include "cpis-nhs-number.h"
#include "cpis-practitioner-role.h"

#define DAYS 60
#define N_WORKERS 25
#define N_VIEWERS 60

static const char * const given_names[] = {
  "Alex", "Jordan", "Riley", "Sam", "Morgan", "Taylor", "Casey", "Jamie", "Robin", "Charlie",
  "Kai", "Noor", "Aoife", "Zoë", "José", "Łukasz", "Chloé", "Søren", "Amélie", "Niamh",
};

static const char * const family_names[] = {
  "TESTER", "SAMPLE", "EXAMPLE", "DUMMY", "MOCK", "PLACEHOLDER", "FICTION", "SYNTHETIC",
  "O'TEST", "MÜLLER", "ÅBERG", "NOTREAL",
};

static const struct { const char *code; const char *name; } settings[] = {
  { "ZZA10", "Riverside Royal Infirmary Emergency Department" },
  { "ZZB20", "Hillside Urgent Care Centre" },
  { "ZZC30", "Testshire General Hospital ED" },
  { "ZZD40", "St Example's Maternity Unit" },
  { "ZZE50", "Testshire Out-of-Hours GP Service" },
  { "ZZF60", "Northgate Walk-in Centre" },
  { "ZZG70", "Sainte-Élise Minor Injuries Unit" },
  { "ZZH80", "Lakeside Children's Emergency Department" },
};

static const char * const worker_names[] = {
  "Sam Patel", "Kim Osei", "Lee Morgan", "Ash Clarke", "Pat Singh",
};

static char *
nhs_number (guint serial)
{
  for (;; serial++)
    {
      g_autofree char *nine = g_strdup_printf ("999%06u", serial % 1000000);
      int check = cpis_nhs_number_check_digit (nine);

      if (check >= 0)
        return g_strdup_printf ("%s%d", nine, check);
    }
}

static CpisTaskStatus
pick_status (GRand *rand)
{
  int roll = g_rand_int_range (rand, 0, 100);

  if (roll < 20)
    return CPIS_TASK_STATUS_REQUESTED;
  if (roll < 30)
    return CPIS_TASK_STATUS_ACCEPTED;
  if (roll < 45)
    return CPIS_TASK_STATUS_IN_PROGRESS;
  if (roll < 90)
    return CPIS_TASK_STATUS_COMPLETED;
  return CPIS_TASK_STATUS_CANCELLED;
}

GPtrArray *
cpis_test_tasks_generate (guint      n,
                          guint      first_serial,
                          guint32    seed,
                          GDateTime *now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *tasks = g_ptr_array_new_full (n, g_object_unref);
  gint64 now_usec = g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);

  for (guint i = 0; i < N_VIEWERS; i++)
    {
      g_autofree char *id = g_strdup_printf ("e350c384-a82f-4436-bd55-%012x", i);
      g_autofree char *name = g_strdup_printf ("%s %s", given_names[i % G_N_ELEMENTS (given_names)],
                                               family_names[(i / 3) % G_N_ELEMENTS (family_names)]);

      g_ptr_array_add (roles, g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                                            "id", id,
                                            "practitioner-name", name,
                                            "organisation-name", settings[i % G_N_ELEMENTS (settings)].name,
                                            "organisation-code", settings[i % G_N_ELEMENTS (settings)].code,
                                            "job-role-display", "Staff nurse",
                                            NULL));
    }

  for (guint i = 0; i < n; i++)
    {
      guint serial = first_serial + i;
      /* as long as the hub's (UUIDs), and in the order of @serial */
      g_autofree char *id = g_strdup_printf ("%08x-6a51-4c1b-9a7e-2d9e8f1b0c11", serial);
      g_autofree char *access_id = g_strdup_printf ("%08x-2081-466a-a07b-56c94baecf88", serial);
      /* about a third of the children have more than one notification */
      guint child = g_rand_int_range (rand, 0, 3) == 0 ? (guint) g_rand_int_range (rand, 0, MAX (n / 10, 1))
                                                       : serial + 1000000;
      g_autofree char *number = nhs_number (child % 900000);
      g_autofree char *name = g_strdup_printf ("%s %s",
                                               given_names[child % G_N_ELEMENTS (given_names)],
                                               family_names[(child / 7) % G_N_ELEMENTS (family_names)]);
      g_autofree char *version = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 5));
      g_autofree char *owner_id = NULL;
      g_autoptr(CpisAccessEvent) event = NULL;
      g_autoptr(GDateTime) recorded = NULL;
      CpisTaskStatus status = pick_status (rand);
      CpisTaskKind kind = g_rand_int_range (rand, 0, 20) == 0 ? CPIS_TASK_KIND_INACTIVE_NHS_NUMBER
                                                              : CPIS_TASK_KIND_ACCESS_TO_SERVICE;
      CpisTaskOutcome outcome = CPIS_TASK_OUTCOME_NONE;
      CpisTaskOwnerKind owner_kind;
      const char *owner_display;
      /* newest first, as a search's pages come by default (-authored-on),
       * a few hours either way */
      gint64 authored = now_usec - (gint64) (((double) i / MAX (n, 1) + g_rand_double (rand) * 0.005) *
                                             DAYS * 24 * 3600 * G_USEC_PER_SEC);
      gint64 modified = authored + (gint64) (g_rand_double (rand) * 3 * 24 * 3600 * G_USEC_PER_SEC);
      guint setting = g_rand_int_range (rand, 0, G_N_ELEMENTS (settings));
      int owner_roll = g_rand_int_range (rand, 0, 10);

      if (status == CPIS_TASK_STATUS_COMPLETED)
        outcome = (CpisTaskOutcome) g_rand_int_range (rand, CPIS_TASK_OUTCOME_CONTACTED_FAMILY,
                                                      CPIS_TASK_OUTCOME_NOT_OUR_CHILD + 1);

      if (owner_roll < 4)
        {
          owner_kind = CPIS_TASK_OWNER_LOCAL_AUTHORITY;
          owner_id = g_strdup ("ZZL01");
          owner_display = "Testshire County Council";
        }
      else if (owner_roll < 5)
        {
          owner_kind = CPIS_TASK_OWNER_TEAM;
          owner_id = g_strdup ("front-door");
          owner_display = "Front Door Team";
        }
      else
        {
          guint worker = g_rand_int_range (rand, 0, N_WORKERS);

          owner_kind = CPIS_TASK_OWNER_WORKER;
          owner_id = g_strdup_printf ("pr-%02u", worker);
          owner_display = worker_names[worker % G_N_ELEMENTS (worker_names)];
        }

      if (kind == CPIS_TASK_KIND_ACCESS_TO_SERVICE)
        {
          recorded = g_date_time_new_from_unix_utc (authored / G_USEC_PER_SEC);
          event = g_object_new (CPIS_TYPE_ACCESS_EVENT,
                                "id", access_id,
                                "recorded", recorded,
                                "nhs-number", number,
                                "practitioner-role", g_ptr_array_index (roles, g_rand_int_range (rand, 0, N_VIEWERS)),
                                NULL);
        }

      g_ptr_array_add (tasks, g_object_new (CPIS_TYPE_TASK,
                                            "id", id,
                                            "version", version,
                                            "status", status,
                                            "status-reason", status == CPIS_TASK_STATUS_CANCELLED ? "Raised twice" : NULL,
                                            "outcome", outcome,
                                            "outcome-code", cpis_task_outcome_to_code (outcome),
                                            "kind", kind,
                                            "kind-code", cpis_task_kind_to_code (kind),
                                            "intent", "order",
                                            "priority", "routine",
                                            "access-id", event != NULL ? access_id : NULL,
                                            "nhs-number", number,
                                            "child-name", name,
                                            "authored-on", authored,
                                            "last-modified", modified,
                                            "last-updated", modified,
                                            "setting-code", event != NULL ? settings[setting].code : NULL,
                                            "setting-name", event != NULL ? settings[setting].name : NULL,
                                            "out-of-area", g_rand_int_range (rand, 0, 10) == 0,
                                            "out-of-area-stated", TRUE,
                                            "owner-kind", owner_kind,
                                            "owner-id", owner_id,
                                            "owner-display", owner_display,
                                            "access-event", event,
                                            NULL));
    }

  return tasks;
}

CpisTask *
cpis_test_tasks_new_version (CpisTask       *task,
                             CpisTaskStatus  status,
                             guint           version,
                             gint64          last_modified)
{
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree const char **names = NULL;
  g_autofree GValue *values = NULL;
  g_autofree char *version_text = g_strdup_printf ("%u", version);
  CpisTask *copy;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (task), &n);
  names = g_new0 (const char *, n);
  values = g_new0 (GValue, n);

  for (guint i = 0; i < n; i++)
    {
      names[i] = pspecs[i]->name;
      g_value_init (&values[i], pspecs[i]->value_type);
      if (g_str_equal (names[i], "status"))
        g_value_set_enum (&values[i], status);
      else if (g_str_equal (names[i], "version"))
        g_value_set_string (&values[i], version_text);
      else if (g_str_equal (names[i], "last-modified"))
        g_value_set_int64 (&values[i], last_modified);
      else if (g_str_equal (names[i], "outcome"))
        g_value_set_enum (&values[i], status == CPIS_TASK_STATUS_COMPLETED
                                        ? CPIS_TASK_OUTCOME_REFERRED
                                        : CPIS_TASK_OUTCOME_NONE);
      else
        g_object_get_property (G_OBJECT (task), names[i], &values[i]);
    }

  copy = CPIS_TASK (g_object_new_with_properties (CPIS_TYPE_TASK, n, names, values));

  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);

  return copy;
}
