/* cpis-hub-store-schema.c: the hub database's schema, its migrations, and
 * how each connection is set up
 *
 * Files: one database in WAL mode, synchronous=FULL, foreign keys on. The
 * schema version lives in PRAGMA user_version; migrations[] below brings an
 * older file up to date, one transaction per step, and a file newer than
 * this program is refused (CPIS_HUB_STORE_ERROR_TOO_NEW) before anything in
 * it is touched.
 */
#include "cpis-hub-store-private.h"

/* ------------------------------------------------------------------------ */
/* Schema */

typedef struct
{
  int         version;
  const char *sql;
} StoreMigration;

/* Ordered; version N is at index N - 1. Never edit a released step: add one. */
static const StoreMigration migrations[] = {
  { 1,
    "CREATE TABLE organisations ("
    "  id              INTEGER PRIMARY KEY,"
    "  ods_code        TEXT NOT NULL UNIQUE,"
    "  name            TEXT NOT NULL,"
    "  kind            TEXT NOT NULL"
    "                  CHECK (kind IN ('local-authority', 'unscheduled-care', 'scheduled-care')),"
    "  phone_office    TEXT,"
    "  phone_emergency TEXT,"
    "  area            TEXT"
    ");"
    "CREATE TABLE users ("
    "  id                   INTEGER PRIMARY KEY,"
    "  username             TEXT NOT NULL UNIQUE,"
    "  password_hash        TEXT NOT NULL,"
    "  role                 TEXT NOT NULL"
    "                       CHECK (role IN ('clinician', 'social-worker', 'partnership-officer', 'administrator')),"
    "  organisation_id      INTEGER NOT NULL REFERENCES organisations (id),"
    "  full_name            TEXT NOT NULL,"
    "  job_role_code        TEXT,"
    "  job_role_display     TEXT,"
    "  practitioner_role_id TEXT NOT NULL UNIQUE,"
    "  role_profile_id      TEXT NOT NULL"
    ");"
    "CREATE INDEX users_organisation ON users (organisation_id);"
    "CREATE TABLE tokens ("
    "  token_hash   TEXT PRIMARY KEY,"
    "  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    "  expires_usec INTEGER NOT NULL,"
    "  revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX tokens_user ON tokens (user_id);"
    "CREATE TABLE patients ("
    "  nhs_number    TEXT PRIMARY KEY,"
    "  family_name   TEXT,"
    "  given_name    TEXT,"
    "  date_of_birth TEXT,"
    "  gender        TEXT,"
    "  postcode      TEXT"
    ") WITHOUT ROWID;"
    "CREATE TABLE plans ("
    "  id            TEXT PRIMARY KEY,"
    "  nhs_number    TEXT NOT NULL,"
    "  plan_type     TEXT NOT NULL CHECK (plan_type IN ('CPP', 'LAC', 'UCPP')),"
    "  start_date    TEXT NOT NULL,"
    "  end_date      TEXT,"
    "  due_date      TEXT,"
    "  subject_name  TEXT,"
    "  date_of_birth TEXT,"
    "  la_id         INTEGER NOT NULL REFERENCES organisations (id),"
    "  UNIQUE (nhs_number, plan_type, la_id, start_date)"
    ");"
    /* The child's plans, oldest start first, without a sort */
    "CREATE INDEX plans_nhs_number ON plans (nhs_number, start_date);"
    "CREATE INDEX plans_la ON plans (la_id);"
    /* seq is the insertion order: it breaks ties between accesses recorded
     * in the same microsecond, and (unlike a bare rowid) survives VACUUM. */
    "CREATE TABLE accesses ("
    "  seq                  INTEGER PRIMARY KEY,"
    "  id                   TEXT NOT NULL UNIQUE,"
    "  nhs_number           TEXT NOT NULL,"
    "  recorded_usec        INTEGER NOT NULL,"
    "  user_id              INTEGER NOT NULL REFERENCES users (id),"
    "  practitioner_role_id TEXT NOT NULL,"
    "  viewer_name          TEXT NOT NULL,"
    "  job_role_code        TEXT,"
    "  job_role_display     TEXT,"
    "  role_profile_id      TEXT,"
    "  org_ods_code         TEXT NOT NULL,"
    "  org_name             TEXT NOT NULL"
    ");"
    /* Ascending, read backwards: the entries of one child come out as
     * (recorded_usec DESC, seq DESC), the history's order, with no sort
     * (a DESC column here would need a sort for the seq tie-break). */
    "CREATE INDEX accesses_nhs_number ON accesses (nhs_number, recorded_usec);"
    "CREATE INDEX accesses_user ON accesses (user_id);"
    "CREATE TABLE notifications ("
    "  id           TEXT PRIMARY KEY,"
    "  access_id    TEXT NOT NULL REFERENCES accesses (id),"
    "  la_id        INTEGER NOT NULL REFERENCES organisations (id),"
    "  status       TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested')),"
    "  created_usec INTEGER NOT NULL"
    ");"
    "CREATE INDEX notifications_la ON notifications (la_id, status);"
    "CREATE INDEX notifications_access ON notifications (access_id);" },
  /* Demographics in the shape of PDS: a restricted (sensitive) flag, the
   * current number of a superseded one, and a version for meta.versionId.
   * No foreign key for superseded_by: an import checks it, and a row can
   * then be written before the row it points to. */
  { 2,
    "ALTER TABLE patients ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0"
    "  CHECK (restricted IN (0, 1));"
    "ALTER TABLE patients ADD COLUMN superseded_by TEXT"
    "  CHECK (superseded_by IS NULL OR superseded_by <> nhs_number);"
    "ALTER TABLE patients ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    /* A search names a date of birth and a gender: a handful of rows each */
    "CREATE INDEX patients_birth ON patients (date_of_birth, gender);" },
  /* Notifications become FHIR Tasks (docs/api.md, "Notifications: Task"):
   * a status the LA moves on, an owner (the LA, one of its teams, one of its
   * social workers), every version kept with who made it and when, and
   * notes that are only ever appended. What never changes (the child, the
   * setting, when it was raised, whether the setting was outside the LA's
   * area) is fixed in the row when it is raised.
   *
   * The table is rebuilt (SQLite cannot change a CHECK in place): each old
   * row becomes a version-1 Task owned by its LA, raised when its access was
   * recorded, with the name on the LA's newest plan for the child. A row
   * whose access cannot be found stops the migration (nhs_number NOT NULL)
   * rather than be dropped. The current version's state is kept in the
   * notifications row too, for searching; notification_versions holds
   * every version's, and triggers keep versions and notes append-only and
   * a final Task (completed, cancelled) as it is. */
  { 3,
    "CREATE TABLE teams ("
    "  id    INTEGER PRIMARY KEY,"
    "  la_id INTEGER NOT NULL REFERENCES organisations (id),"
    "  code  TEXT NOT NULL UNIQUE,"
    "  name  TEXT NOT NULL"
    ");"
    "CREATE INDEX teams_la ON teams (la_id);"
    "CREATE TABLE notifications_v3 ("
    "  seq                INTEGER PRIMARY KEY,"
    "  id                 TEXT NOT NULL UNIQUE,"
    "  code               TEXT NOT NULL"
    "                     CHECK (code IN ('access-to-service', 'inactive-nhs-number')),"
    "  la_id              INTEGER NOT NULL REFERENCES organisations (id),"
    "  access_id          TEXT REFERENCES accesses (id),"
    "  nhs_number         TEXT NOT NULL,"
    "  subject_name       TEXT,"
    "  requester_ods_code TEXT,"
    "  requester_name     TEXT,"
    "  out_of_area        INTEGER NOT NULL DEFAULT 0 CHECK (out_of_area IN (0, 1)),"
    "  replaced_by        TEXT,"
    "  authored_usec      INTEGER NOT NULL,"
    "  version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
    "  status             TEXT NOT NULL DEFAULT 'requested'"
    "                     CHECK (status IN ('requested', 'accepted', 'in-progress', 'completed', 'cancelled')),"
    "  status_reason      TEXT,"
    "  business_status    TEXT"
    "                     CHECK (business_status IN ('contacted-family', 'contacted-health-professional',"
    "                            'added-to-case-record', 'referred', 'no-further-action', 'not-our-child')),"
    "  owner_kind         TEXT NOT NULL DEFAULT 'la'"
    "                     CHECK (owner_kind IN ('la', 'team', 'social-worker')),"
    "  owner_team_id      INTEGER REFERENCES teams (id),"
    "  owner_user_id      INTEGER REFERENCES users (id),"
    "  last_modified_usec INTEGER NOT NULL,"
    "  CHECK (code <> 'access-to-service' OR (access_id IS NOT NULL AND requester_ods_code IS NOT NULL)),"
    "  CHECK (status <> 'cancelled' OR status_reason IS NOT NULL),"
    "  CHECK (status <> 'completed' OR business_status IS NOT NULL),"
    "  CHECK ((owner_kind = 'la' AND owner_team_id IS NULL AND owner_user_id IS NULL) OR"
    "         (owner_kind = 'team' AND owner_team_id IS NOT NULL AND owner_user_id IS NULL) OR"
    "         (owner_kind = 'social-worker' AND owner_user_id IS NOT NULL AND owner_team_id IS NULL))"
    ");"
    "INSERT INTO notifications_v3"
    " (id, code, la_id, access_id, nhs_number, subject_name, requester_ods_code, requester_name,"
    "  out_of_area, authored_usec, version, status, owner_kind, last_modified_usec)"
    " SELECT n.id, 'access-to-service', n.la_id, n.access_id, a.nhs_number,"
    "  (SELECT p.subject_name FROM plans p WHERE p.nhs_number = a.nhs_number AND p.la_id = n.la_id"
    "   ORDER BY p.start_date DESC LIMIT 1),"
    "  a.org_ods_code, a.org_name,"
    "  (SELECT s.area FROM organisations s WHERE s.ods_code = a.org_ods_code) IS NOT la.area,"
    "  COALESCE (a.recorded_usec, n.created_usec), 1, 'requested', 'la',"
    "  COALESCE (a.recorded_usec, n.created_usec)"
    " FROM notifications n"
    " LEFT JOIN accesses a ON a.id = n.access_id"
    " LEFT JOIN organisations la ON la.id = n.la_id"
    " ORDER BY n.rowid;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_v3 RENAME TO notifications;"
    "CREATE INDEX notifications_la_authored ON notifications (la_id, authored_usec);"
    "CREATE INDEX notifications_la_modified ON notifications (la_id, last_modified_usec);"
    "CREATE INDEX notifications_nhs_number ON notifications (nhs_number);"
    "CREATE INDEX notifications_access ON notifications (access_id);"
    "CREATE TABLE notification_versions ("
    "  notification_seq    INTEGER NOT NULL REFERENCES notifications (seq),"
    "  version             INTEGER NOT NULL CHECK (version >= 1),"
    "  status              TEXT NOT NULL"
    "                      CHECK (status IN ('requested', 'accepted', 'in-progress', 'completed', 'cancelled')),"
    "  status_reason       TEXT,"
    "  business_status     TEXT,"
    "  owner_kind          TEXT NOT NULL CHECK (owner_kind IN ('la', 'team', 'social-worker')),"
    "  owner_team_id       INTEGER REFERENCES teams (id),"
    "  owner_user_id       INTEGER REFERENCES users (id),"
    "  modified_usec       INTEGER NOT NULL,"
    /* who made it (NULL on version 1: the hub), as they were then */
    "  modified_by_user_id INTEGER REFERENCES users (id),"
    "  modified_by_role_id TEXT,"
    "  modified_by_name    TEXT,"
    "  PRIMARY KEY (notification_seq, version),"
    "  CHECK (version = 1 OR modified_by_user_id IS NOT NULL)"
    ") WITHOUT ROWID;"
    "CREATE INDEX notification_versions_owner_user ON notification_versions (owner_user_id);"
    "CREATE TABLE notification_notes ("
    "  notification_seq INTEGER NOT NULL,"
    "  position         INTEGER NOT NULL CHECK (position >= 1),"
    "  version          INTEGER NOT NULL,"
    "  author_user_id   INTEGER NOT NULL REFERENCES users (id),"
    "  author_role_id   TEXT NOT NULL,"
    "  author_name      TEXT NOT NULL,"
    "  time_usec        INTEGER NOT NULL,"
    "  text             TEXT NOT NULL,"
    "  PRIMARY KEY (notification_seq, position),"
    "  FOREIGN KEY (notification_seq, version)"
    "    REFERENCES notification_versions (notification_seq, version)"
    ") WITHOUT ROWID;"
    "INSERT INTO notification_versions"
    " (notification_seq, version, status, owner_kind, modified_usec)"
    " SELECT seq, 1, status, owner_kind, authored_usec FROM notifications;"
    "CREATE TRIGGER notifications_not_deleted BEFORE DELETE ON notifications"
    " BEGIN SELECT RAISE (ABORT, 'a notification is never deleted'); END;"
    "CREATE TRIGGER notifications_fixed"
    " BEFORE UPDATE OF seq, id, code, la_id, access_id, nhs_number, subject_name,"
    "  requester_ods_code, requester_name, out_of_area, replaced_by, authored_usec"
    " ON notifications"
    " BEGIN SELECT RAISE (ABORT, 'what a notification was raised with never changes'); END;"
    "CREATE TRIGGER notifications_final BEFORE UPDATE ON notifications"
    " WHEN OLD.status IN ('completed', 'cancelled')"
    " BEGIN SELECT RAISE (ABORT, 'a completed or cancelled notification never changes'); END;"
    "CREATE TRIGGER notifications_next_version BEFORE UPDATE OF version ON notifications"
    " WHEN NEW.version <> OLD.version + 1"
    " BEGIN SELECT RAISE (ABORT, 'a notification goes up one version at a time'); END;"
    "CREATE TRIGGER notification_versions_kept BEFORE UPDATE ON notification_versions"
    " BEGIN SELECT RAISE (ABORT, 'a version is never rewritten'); END;"
    "CREATE TRIGGER notification_versions_not_deleted BEFORE DELETE ON notification_versions"
    " BEGIN SELECT RAISE (ABORT, 'a version is never deleted'); END;"
    "CREATE TRIGGER notification_notes_kept BEFORE UPDATE ON notification_notes"
    " BEGIN SELECT RAISE (ABORT, 'a note is never edited'); END;"
    "CREATE TRIGGER notification_notes_not_deleted BEFORE DELETE ON notification_notes"
    " BEGIN SELECT RAISE (ABORT, 'a note is never removed'); END;" },
  /* NHS numbers no longer in use (cpis-hub patient retire): plans are not
   * uploaded on them any more, and each LA that held a plan on one was
   * sent an Inactive NHS Number Notification. A retirement is never
   * undone, and a replacement, once given, never changes. */
  { 4,
    "CREATE TABLE retired_nhs_numbers ("
    "  nhs_number    TEXT PRIMARY KEY,"
    "  replaced_by   TEXT CHECK (replaced_by IS NULL OR replaced_by <> nhs_number),"
    "  retired_usec  INTEGER NOT NULL,"
    "  replaced_usec INTEGER,"
    "  CHECK ((replaced_by IS NULL) = (replaced_usec IS NULL))"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER retired_nhs_numbers_kept BEFORE DELETE ON retired_nhs_numbers"
    " BEGIN SELECT RAISE (ABORT, 'a retired NHS number is never brought back'); END;"
    "CREATE TRIGGER retired_nhs_numbers_fixed BEFORE UPDATE ON retired_nhs_numbers"
    " WHEN OLD.replaced_by IS NOT NULL OR NEW.nhs_number <> OLD.nhs_number"
    "  OR NEW.retired_usec <> OLD.retired_usec"
    " BEGIN SELECT RAISE (ABORT, 'a retirement and its replacement never change'); END;" },
  /* Live push to social workers (docs/api.md, "Subscriptions and the
   * websocket"): a social worker's Subscriptions to a topic of their LA,
   * and every event each one raised, numbered from 1 per Subscription, in
   * the transaction that wrote the notification's version. The number a
   * Subscription has reached only goes up, and an event is never rewritten,
   * so a client that reconnects learns what it missed, and $events answers
   * it. Deleting a Subscription deletes its events (the notifications stay). */
  { 5,
    "CREATE TABLE subscriptions ("
    "  seq               INTEGER PRIMARY KEY,"
    "  id                TEXT NOT NULL UNIQUE,"
    "  user_id           INTEGER NOT NULL REFERENCES users (id),"
    "  la_id             INTEGER NOT NULL REFERENCES organisations (id),"
    "  topic             TEXT NOT NULL CHECK (topic IN ('new-notification', 'notification-changed')),"
    "  payload           TEXT NOT NULL CHECK (payload IN ('empty', 'id-only', 'full-resource')),"
    "  reason            TEXT NOT NULL,"
    "  heartbeat_seconds INTEGER CHECK (heartbeat_seconds IS NULL OR heartbeat_seconds > 0),"
    "  timeout_seconds   INTEGER CHECK (timeout_seconds IS NULL OR timeout_seconds >= 0),"
    "  max_count         INTEGER CHECK (max_count IS NULL OR max_count > 0),"
    "  end_usec          INTEGER,"
    "  created_usec      INTEGER NOT NULL,"
    "  events_count      INTEGER NOT NULL DEFAULT 0 CHECK (events_count >= 0)"
    ");"
    "CREATE INDEX subscriptions_la_topic ON subscriptions (la_id, topic);"
    "CREATE INDEX subscriptions_user ON subscriptions (user_id);"
    "CREATE TABLE subscription_events ("
    "  subscription_seq INTEGER NOT NULL REFERENCES subscriptions (seq) ON DELETE CASCADE,"
    "  event_number     INTEGER NOT NULL CHECK (event_number >= 1),"
    "  notification_seq INTEGER NOT NULL REFERENCES notifications (seq),"
    "  version          INTEGER NOT NULL CHECK (version >= 1),"
    "  raised_usec      INTEGER NOT NULL,"
    "  PRIMARY KEY (subscription_seq, event_number)"
    ") WITHOUT ROWID;"
    "CREATE INDEX subscription_events_notification ON subscription_events (notification_seq);"
    "CREATE TRIGGER subscriptions_count_only_up BEFORE UPDATE OF events_count ON subscriptions"
    " WHEN NEW.events_count < OLD.events_count"
    " BEGIN SELECT RAISE (ABORT, 'an event number is never given twice'); END;"
    "CREATE TRIGGER subscriptions_fixed"
    " BEFORE UPDATE OF seq, id, user_id, la_id, topic, created_usec ON subscriptions"
    " BEGIN SELECT RAISE (ABORT, 'whose a subscription is and what it is to never change'); END;"
    "CREATE TRIGGER subscription_events_kept BEFORE UPDATE ON subscription_events"
    " BEGIN SELECT RAISE (ABORT, 'an event is never rewritten'); END;" },
  /* Accounts that are disabled (cpis-hub user disable): someone who left or
   * moved on. They cannot sign in, their tokens stop working, and they are
   * not offered as an owner for notifications; they stay, as the accesses,
   * versions and notes they made refer to them. */
  { 6,
    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));" },
  /* Upload exceptions (docs/api.md, "Upload exceptions: Basic"): each
   * record of an LA's upload that the hub refused, as it was written, with
   * its record code, for the LA's social workers to work through. At most
   * one open per LA, NHS number, plan type and start date as written (a
   * record refused again updates it); resolved when dismissed or when a
   * plan is stored on that NHS number for the LA, and then never changed. */
  { 7,
    "CREATE TABLE plan_exceptions ("
    "  seq                 INTEGER PRIMARY KEY,"
    "  id                  TEXT NOT NULL UNIQUE,"
    "  la_id               INTEGER NOT NULL REFERENCES organisations (id),"
    "  nhs_number          TEXT NOT NULL DEFAULT '',"
    "  family_name         TEXT NOT NULL DEFAULT '',"
    "  given_name          TEXT NOT NULL DEFAULT '',"
    "  date_of_birth       TEXT NOT NULL DEFAULT '',"
    "  plan_type           TEXT NOT NULL DEFAULT '',"
    "  start_date          TEXT NOT NULL DEFAULT '',"
    "  code                TEXT NOT NULL"
    "                      CHECK (code IN ('CPR01', 'CPR02', 'CPR03', 'CPR04', 'CPR05', 'CPR07')),"
    "  detail              TEXT NOT NULL,"
    "  recorded_usec       INTEGER NOT NULL,"
    "  resolved_usec       INTEGER,"
    "  resolution          TEXT CHECK (resolution IN ('dismissed', 'uploaded')),"
    "  resolved_by_user_id INTEGER REFERENCES users (id),"
    "  CHECK ((resolved_usec IS NULL) = (resolution IS NULL))"
    ");"
    "CREATE UNIQUE INDEX plan_exceptions_open"
    " ON plan_exceptions (la_id, nhs_number, plan_type, start_date)"
    " WHERE resolved_usec IS NULL;"
    "CREATE INDEX plan_exceptions_la ON plan_exceptions (la_id, recorded_usec);"
    "CREATE INDEX plan_exceptions_resolver ON plan_exceptions (resolved_by_user_id);"
    "CREATE TRIGGER plan_exceptions_resolved BEFORE UPDATE ON plan_exceptions"
    " WHEN OLD.resolved_usec IS NOT NULL"
    " BEGIN SELECT RAISE (ABORT, 'a resolved exception never changes'); END;"
    "CREATE TRIGGER plan_exceptions_not_deleted BEFORE DELETE ON plan_exceptions"
    " BEGIN SELECT RAISE (ABORT, 'an exception is never deleted'); END;"
    /* the LA's plans, for its social workers, in a stable order */
    "CREATE INDEX plans_la_nhs_number ON plans (la_id, nhs_number, start_date);" },
  /* The partnership view's area figures (docs/api.md, issue 9): an area's
   * organisations by kind, and a setting's accesses over a period, read
   * from the index instead of a scan of every access. */
  { 8,
    "CREATE INDEX organisations_area ON organisations (area, kind);"
    "CREATE INDEX accesses_org_recorded ON accesses (org_ods_code, recorded_usec);" },
  /* The rest of the area figures (docs/api.md, "Area figures"): the kind of
   * an unscheduled setting (an emergency department, a maternity unit…),
   * when a plan was last uploaded, and what the figures read of each
   * notification with its LA's first action, kept by triggers beside the
   * notification so that a year of an LA's notifications (follow-up, out
   * of area, repeat attendance) is one index range, not a search of the
   * versions of every notification. */
  { 9,
    "ALTER TABLE organisations ADD COLUMN setting_kind TEXT"
    "  CHECK (setting_kind IS NULL OR setting_kind IN ('emergency-department',"
    "         'urgent-treatment-centre', 'minor-injury-unit', 'walk-in-centre', 'gp-out-of-hours',"
    "         'nhs-111', 'ambulance', 'maternity', 'paediatric-ward'));"
    "ALTER TABLE plans ADD COLUMN uploaded_usec INTEGER;"
    "CREATE INDEX plans_la_uploaded ON plans (la_id, uploaded_usec);"
    /* what the figures read of each Access to Service notification, with
     * its LA's first action (its second version), in one covering index */
    "CREATE TABLE notification_figures ("
    "  notification_seq  INTEGER PRIMARY KEY REFERENCES notifications (seq),"
    "  la_id             INTEGER NOT NULL,"
    "  authored_usec     INTEGER NOT NULL,"
    "  first_action_usec INTEGER,"
    "  out_of_area       INTEGER NOT NULL,"
    "  nhs_number        TEXT NOT NULL,"
    "  access_id         TEXT"
    ");"
    "INSERT INTO notification_figures"
    " SELECT n.seq, n.la_id, n.authored_usec,"
    "  (SELECT min (v.modified_usec) FROM notification_versions v"
    "   WHERE v.notification_seq = n.seq AND v.version > 1),"
    "  n.out_of_area, n.nhs_number, n.access_id"
    " FROM notifications n WHERE n.code = 'access-to-service';"
    "CREATE INDEX notification_figures_la ON notification_figures"
    " (la_id, authored_usec, first_action_usec, out_of_area, nhs_number, access_id);"
    "CREATE TRIGGER notification_figures_raised AFTER INSERT ON notifications"
    " WHEN NEW.code = 'access-to-service'"
    " BEGIN INSERT INTO notification_figures VALUES (NEW.seq, NEW.la_id, NEW.authored_usec, NULL,"
    "  NEW.out_of_area, NEW.nhs_number, NEW.access_id); END;"
    "CREATE TRIGGER notification_figures_first_action AFTER INSERT ON notification_versions"
    " WHEN NEW.version = 2"
    " BEGIN UPDATE notification_figures SET first_action_usec = NEW.modified_usec"
    "  WHERE notification_seq = NEW.notification_seq AND first_action_usec IS NULL; END;"
    "CREATE INDEX notifications_requester_figures"
    " ON notifications (requester_ods_code, authored_usec, out_of_area, la_id, access_id);" },
  /* The children on an LA's plans on a day, by type, from the index alone
   * (no row of the table read for each plan: measured at national volume,
   * docs/api.md "Area figures") */
  { 10,
    "CREATE INDEX plans_la_current ON plans (la_id, plan_type, start_date, end_date);" },
  /* An organisation with care settings of both kinds (a hospital's
   * emergency department and its outpatient clinics; a practice's in-hours
   * surgery and its out-of-hours service): each of its workstations says
   * which it is, the client's workstation choice (docs/api.md, userinfo) */
  { 11,
    "ALTER TABLE organisations ADD COLUMN both_care_settings INTEGER NOT NULL DEFAULT 0"
    "  CHECK (both_care_settings IN (0, 1) AND (both_care_settings = 0 OR kind <> 'local-authority'));" },
};

#define LATEST_SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* ------------------------------------------------------------------------ */
/* Migrating */

static gboolean
read_user_version (StoreConn  *conn,
                   int        *version,
                   GError    **error)
{
  gint64 value = 0;
  int found = _cpis_hub_store_conn_int64 (conn, "read the schema version", "PRAGMA user_version",
                                          STORE_NO_PARAMS, &value, error);

  if (found == 0)
    g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                         "Could not read the schema version");
  if (found != 1)
    return FALSE;

  *version = (int) value;
  return TRUE;
}

static gboolean
check_not_too_new (int       version,
                   GError  **error)
{
  if (version <= LATEST_SCHEMA_VERSION)
    return TRUE;

  g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_TOO_NEW,
               "The hub database has schema version %d, but this program knows "
               "only versions up to %d; use a newer cpis-hub",
               version, LATEST_SCHEMA_VERSION);
  return FALSE;
}

static gboolean
apply_migration (StoreConn             *conn,
                 const StoreMigration  *migration,
                 int                   *version,
                 GError               **error)
{
  g_autofree char *set_version = NULL;
  int current;
  int rc;

  if (!_cpis_hub_store_conn_exec (conn, "start a schema upgrade", "BEGIN IMMEDIATE",
                                  STORE_NO_PARAMS, error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock */
  if (!read_user_version (conn, &current, error) || !check_not_too_new (current, error))
    goto fail;

  if (current < migration->version)
    {
      rc = sqlite3_exec (conn->db, migration->sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "upgrade the database schema");
          goto fail;
        }

      /* A pragma takes no parameters: formatted from our own constant */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
      rc = sqlite3_exec (conn->db, set_version, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "record the schema version");
          goto fail;
        }
      current = migration->version;
    }

  if (!_cpis_hub_store_conn_exec (conn, "commit a schema upgrade", "COMMIT", STORE_NO_PARAMS,
                                  error))
    goto fail;

  *version = current;
  return TRUE;

fail:
  _cpis_hub_store_conn_rollback_if_open (conn);
  return FALSE;
}

/* Brings the file up to @up_to (the latest, but for tests) */
static gboolean
migrate (StoreConn  *conn,
         int         up_to,
         int        *version,
         GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_assert (migrations[i].version == (int) i + 1);

      if (migrations[i].version <= *version)
        continue;
      if (migrations[i].version > up_to)
        break;

      if (!apply_migration (conn, &migrations[i], version, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Connections */

static gboolean
set_journal_mode_wal (StoreConn  *conn,
                      GError    **error)
{
  g_autofree char *mode = NULL;
  int found = _cpis_hub_store_conn_first (conn, "switch to write-ahead logging",
                                          "PRAGMA journal_mode = WAL", STORE_NO_PARAMS,
                                          _cpis_hub_store_text_from_row, NULL,
                                          (gpointer *) &mode, error);

  if (found == 0)
    g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                         "Could not switch to write-ahead logging");
  if (found != 1)
    return FALSE;

  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_FAILED,
                           "The hub database cannot use write-ahead logging "
                           "(is it on a network file system?)");
      return FALSE;
    }

  return TRUE;
}

static gboolean
exec_pragma (StoreConn   *conn,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;

  _cpis_hub_store_set_sqlite_error (error, conn->db, rc, "set up the database connection");
  return FALSE;
}

StoreConn *
_cpis_hub_store_open_write_conn (const char  *path,
                                 int         *version,
                                 GError     **error)
{
  StoreConn *conn = _cpis_hub_store_conn_open (path, error);

  *version = 0;
  if (conn == NULL)
    return NULL;

  /* Refuse a newer file before changing anything in it (even its journal mode) */
  if (!read_user_version (conn, version, error) ||
      !check_not_too_new (*version, error) ||
      !set_journal_mode_wal (conn, error) ||
      !exec_pragma (conn, "PRAGMA synchronous = FULL", error) ||
      !exec_pragma (conn, "PRAGMA foreign_keys = ON", error) ||
      !migrate (conn, LATEST_SCHEMA_VERSION, version, error))
    {
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  return conn;
}

StoreConn *
_cpis_hub_store_open_read_conn (const char  *path,
                                GError     **error)
{
  StoreConn *conn = _cpis_hub_store_conn_open (path, error);

  if (conn == NULL)
    return NULL;

  /* a page cache of 64 MB (SQLite's default is 2 MB): the pages of an
   * area's figures, read again by each dashboard, stay in the process
   * rather than be copied from the kernel's cache every time */
  if (!exec_pragma (conn, "PRAGMA query_only = ON", error) ||
      !exec_pragma (conn, "PRAGMA foreign_keys = ON", error) ||
      !exec_pragma (conn, "PRAGMA cache_size = -65536", error))
    {
      _cpis_hub_store_conn_free (conn);
      return NULL;
    }

  return conn;
}

gboolean
_cpis_hub_store_create_at_version (const char  *path,
                                   int          version,
                                   GError     **error)
{
  StoreConn *conn;
  int found = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= LATEST_SCHEMA_VERSION, FALSE);

  conn = _cpis_hub_store_conn_open (path, error);
  if (conn == NULL)
    return FALSE;

  ok = read_user_version (conn, &found, error) &&
       check_not_too_new (found, error) &&
       set_journal_mode_wal (conn, error) &&
       exec_pragma (conn, "PRAGMA foreign_keys = ON", error) &&
       migrate (conn, version, &found, error);
  _cpis_hub_store_conn_free (conn);

  return ok;
}
