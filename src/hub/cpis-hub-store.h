/* cpis-hub-store.h: everything the hub keeps, behind one narrow interface
 *
 * All SQL lives in the store's files (cpis-hub-store*.c, listed in
 * cpis-hub-store-private.h); nothing here names SQLite, so a national
 * deployment can put the same interface on PostgreSQL.
 *
 * Threading: the store is safe to call from any thread. Reads run on the
 * caller's thread (serialised on a read connection). Writes that a request
 * waits for (recording an access, issuing or revoking a token) are _async:
 * they are queued to one writer thread that commits them in groups (group
 * commit, synchronous=FULL) and completes each GTask only after its group is
 * durably on disk, so the main loop never waits on an fsync. The synchronous
 * writers are for the command line (seed, import, org add, user add).
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-records.h"

G_BEGIN_DECLS

#define CPIS_HUB_STORE_ERROR (cpis_hub_store_error_quark ())

typedef enum
{
  CPIS_HUB_STORE_ERROR_FAILED,        /* the database failed (I/O, corrupt, full) */
  CPIS_HUB_STORE_ERROR_NOT_FOUND,     /* a referenced row does not exist */
  CPIS_HUB_STORE_ERROR_EXISTS,        /* a unique key is taken */
  CPIS_HUB_STORE_ERROR_TOO_NEW,       /* the file's schema is newer than this program */
  CPIS_HUB_STORE_ERROR_CLOSED,        /* the store is closing */
  CPIS_HUB_STORE_ERROR_CONFLICT,      /* the row changed since it was read (a stale version) */
  CPIS_HUB_STORE_ERROR_RETIRED,       /* the NHS number is retired (no longer in use) */
} CpisHubStoreError;

GQuark cpis_hub_store_error_quark (void);

#define CPIS_HUB_TYPE_STORE (cpis_hub_store_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubStore, cpis_hub_store, CPIS_HUB, STORE, GObject)

/* Opens (creating if needed) and migrates the database at @path. */
CpisHubStore        *cpis_hub_store_open                    (const char           *path,
                                                             GError              **error);
/* Waits for queued writes to commit, stops the writer thread, closes the files.
 * Later calls fail with CPIS_HUB_STORE_ERROR_CLOSED. Also done on finalize. */
void                 cpis_hub_store_close                   (CpisHubStore         *self);
int                  cpis_hub_store_get_schema_version      (CpisHubStore         *self);

/* Organisations */
/* Adds, or updates the row with the same ODS code (the id is filled in). */
gboolean             cpis_hub_store_put_organisation        (CpisHubStore         *self,
                                                             CpisHubOrganisation  *org,
                                                             GError              **error);
/* NULL without error if there is none */
CpisHubOrganisation *cpis_hub_store_find_organisation       (CpisHubStore         *self,
                                                             const char           *ods_code,
                                                             GError              **error);
GPtrArray           *cpis_hub_store_list_organisations      (CpisHubStore         *self,
                                                             GError              **error);

/* Users. @user->organisation->ods_code must name a stored organisation.
 * @password_hash is a crypt(3) string. Fails with EXISTS for a taken username.
 * Fills in @user->id, and practitioner_role_id/role_profile_id when NULL. */
gboolean             cpis_hub_store_add_user                (CpisHubStore         *self,
                                                             CpisHubUser          *user,
                                                             const char           *password_hash,
                                                             GError              **error);
/* NULL without error if there is none; @password_hash (out, optional) */
CpisHubUser         *cpis_hub_store_find_user               (CpisHubStore         *self,
                                                             const char           *username,
                                                             char                **password_hash,
                                                             GError              **error);

/* Disables (or enables again) the account @username: a disabled user
 * cannot sign in, their tokens are not accepted, and they are no longer
 * listed as a social worker to give notifications to; what they did stays.
 * Fails with NOT_FOUND for an unknown username. */
gboolean             cpis_hub_store_set_user_disabled       (CpisHubStore         *self,
                                                             const char           *username,
                                                             gboolean              disabled,
                                                             GError              **error);
/* The social workers of the local authority @la_ods_code who are not
 * disabled, by name (then PractitionerRole id); empty for an ODS code that
 * is no LA's. Array of CpisHubUser. */
GPtrArray           *cpis_hub_store_list_social_workers     (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             GError              **error);

/* Tokens: only a hash of the token is ever stored. */
void                 cpis_hub_store_add_token_async         (CpisHubStore         *self,
                                                             const char           *token_hash,
                                                             gint64                user_id,
                                                             gint64                expires_usec,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             cpis_hub_store_add_token_finish        (CpisHubStore         *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* The user of an unexpired, unrevoked token; NULL without error otherwise */
CpisHubUser         *cpis_hub_store_find_token_user         (CpisHubStore         *self,
                                                             const char           *token_hash,
                                                             gint64                now_usec,
                                                             GError              **error);
/* Revoking an unknown token succeeds (RFC 7009) */
void                 cpis_hub_store_revoke_token_async      (CpisHubStore         *self,
                                                             const char           *token_hash,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             cpis_hub_store_revoke_token_finish     (CpisHubStore         *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* Demographics (the stand-in for the national demographics service).
 * Put adds, or updates the row with the same NHS number (its version goes up
 * by one when anything changed; @patient->version is not read). */
gboolean             cpis_hub_store_put_patient             (CpisHubStore         *self,
                                                             const CpisHubPatient *patient,
                                                             GError              **error);
/* The row of this NHS number as stored, superseded or not; NULL without
 * error if there is none */
CpisHubPatient      *cpis_hub_store_find_patient            (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             GError              **error);
/* The current record for @nhs_number: its own row, or for a superseded
 * number the row of the number that replaced it (followed through up to 8
 * replacements). NULL without error if there is none, or if the chain ends
 * on a number with no row or goes round in a loop. */
CpisHubPatient      *cpis_hub_store_find_current_patient    (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             GError              **error);
/* The current (not superseded) patients matching @search, by NHS number: up
 * to @limit + 1 of them, so that a caller can tell there are more than
 * @limit. Array of CpisHubPatient. */
GPtrArray           *cpis_hub_store_search_patients         (CpisHubStore               *self,
                                                             const CpisHubPatientSearch *search,
                                                             guint                       limit,
                                                             GError                    **error);

/* Plans. Put adds, or updates the plan with the same NHS number, plan type,
 * local authority and start date (fills in plan->id); a plan on a retired
 * NHS number fails with RETIRED, checked in the same transaction. */
gboolean             cpis_hub_store_put_plan                (CpisHubStore         *self,
                                                             CpisHubPlan          *plan,
                                                             GError              **error);
/* The same, at @now_usec, telling (@created, may be NULL) whether the plan
 * is new; in the same transaction, every open upload exception of the LA on
 * the plan's NHS number is resolved ("uploaded") */
gboolean             cpis_hub_store_put_plan_full           (CpisHubStore         *self,
                                                             CpisHubPlan          *plan,
                                                             gint64                now_usec,
                                                             gboolean             *created,
                                                             GError              **error);
/* One page of the LA's plans matching @search, by NHS number, start date
 * and id (a stable order); @total (may be NULL) gets how many match in all.
 * Array of CpisHubPlan. */
GPtrArray           *cpis_hub_store_search_la_plans         (CpisHubStore            *self,
                                                             const CpisHubPlanSearch *search,
                                                             guint                   *total,
                                                             GError                 **error);

/* Upload exceptions (cpis-hub-store-plans.c). Put keeps @exception open for
 * its LA (@exception->la_ods_code, which must be a stored organisation):
 * the open one with the same NHS number, plan type and start date, as
 * written, is updated (keeping its id), else one is added; fills in
 * @exception->id. */
gboolean             cpis_hub_store_put_plan_exception      (CpisHubStore          *self,
                                                             CpisHubPlanException  *exception,
                                                             GError               **error);
/* One page of the LA's open exceptions, newest first (then by id); @total
 * (may be NULL) gets how many are open. Array of CpisHubPlanException. */
GPtrArray           *cpis_hub_store_list_plan_exceptions    (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             guint                 offset,
                                                             guint                 count,
                                                             guint                *total,
                                                             GError              **error);
/* The LA's exception @id, open or not; NULL without error if there is none */
CpisHubPlanException *cpis_hub_store_find_plan_exception    (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             const char           *id,
                                                             GError              **error);
/* Resolves the LA's open exception @id as dismissed by @user_id at
 * @now_usec. NOT_FOUND if the LA has no such exception; one already
 * resolved is left as it is (TRUE). */
gboolean             cpis_hub_store_dismiss_plan_exception  (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             const char           *id,
                                                             gint64                user_id,
                                                             gint64                now_usec,
                                                             GError              **error);
/* Every stored plan of the child, whatever its state, oldest start first
 * (the rules in cpis-hub-rules.h decide which to show). Array of CpisHubPlan. */
GPtrArray           *cpis_hub_store_list_plans              (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             GError              **error);

/* Access history. The @limit newest accesses, newest first. Array of CpisHubAccess. */
GPtrArray           *cpis_hub_store_list_accesses           (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             guint                 limit,
                                                             GError              **error);
/* Records one unscheduled access by @user_id to @nhs_number at @recorded_usec,
 * and an Access to Service Notification for each of @la_org_ids (the
 * responsible LAs, store ids), in one transaction. Completes after the commit.
 * The new access id is returned by _finish. */
void                 cpis_hub_store_record_access_async     (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             gint64                user_id,
                                                             gint64                recorded_usec,
                                                             const gint64         *la_org_ids,
                                                             guint                 n_la_org_ids,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char                *cpis_hub_store_record_access_finish    (CpisHubStore         *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* Synchronous form, for seeding: the same transaction, on the caller's thread. */
char                *cpis_hub_store_record_access           (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             gint64                user_id,
                                                             gint64                recorded_usec,
                                                             const gint64         *la_org_ids,
                                                             guint                 n_la_org_ids,
                                                             GError              **error);

/* One access by its id (the AuditEvent a notification is about); NULL
 * without error if there is none */
CpisHubAccess       *cpis_hub_store_find_access             (CpisHubStore         *self,
                                                             const char           *id,
                                                             GError              **error);

/* Teams of a local authority (cpis-hub-store-tasks.c). Put adds the team
 * with @code to the LA with @la_ods_code, or renames it; a code another LA's
 * team has fails with EXISTS, an LA that does not exist (or is not a local
 * authority) with NOT_FOUND. */
gboolean             cpis_hub_store_put_team                (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             const char           *code,
                                                             const char           *name,
                                                             GError              **error);
/* By LA, then code; @la_ods_code NULL lists every LA's. Array of CpisHubTeam. */
GPtrArray           *cpis_hub_store_list_teams              (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             GError              **error);
/* NULL without error if there is none */
CpisHubTeam         *cpis_hub_store_find_team               (CpisHubStore         *self,
                                                             const char           *code,
                                                             GError              **error);
/* The user whose PractitionerRole id this is; NULL without error if none */
CpisHubUser         *cpis_hub_store_find_user_by_role_id    (CpisHubStore         *self,
                                                             const char           *practitioner_role_id,
                                                             GError              **error);

/* Notifications as Tasks (cpis-hub-store-tasks.c). Every read names the LA
 * (by ODS code): another LA's notification is not found.
 *
 * One page of the LA's notifications matching @search, each at its current
 * version with its notes; @total (may be NULL) gets how many match in all.
 * Array of CpisHubTask. */
GPtrArray           *cpis_hub_store_search_tasks            (CpisHubStore              *self,
                                                             const CpisHubTaskSearch   *search,
                                                             guint                     *total,
                                                             GError                   **error);
/* The notification @id of the LA at @version (0: its current one); NULL
 * without error if there is none */
CpisHubTask         *cpis_hub_store_find_task               (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             const char           *id,
                                                             gint64                version,
                                                             GError              **error);
/* Every version of the notification, newest first (empty if there is none).
 * Array of CpisHubTask. */
GPtrArray           *cpis_hub_store_list_task_versions      (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             const char           *id,
                                                             GError              **error);
/* Writes @update as version @update->base_version + 1, with its new notes,
 * in one transaction, and completes after the commit. Fails with CONFLICT
 * if the notification is no longer at base_version, NOT_FOUND if it is not
 * the LA's, or its owner is not a team or social worker of the LA, and
 * FAILED if it is final (completed, cancelled). The caller checks the rules
 * (cpis-hub-fhir-task.c); the store keeps what it can (the schema's
 * triggers: versions and notes are never rewritten, a final Task never
 * changes). */
void                 cpis_hub_store_update_task_async       (CpisHubStore              *self,
                                                             const CpisHubTaskUpdate   *update,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
gboolean             cpis_hub_store_update_task_finish      (CpisHubStore              *self,
                                                             GAsyncResult              *result,
                                                             GError                   **error);
/* Synchronous form, for seeding: the same job, on the caller's thread */
gboolean             cpis_hub_store_update_task             (CpisHubStore              *self,
                                                             const CpisHubTaskUpdate   *update,
                                                             GError                   **error);

/* Retired NHS numbers (cpis-hub-store-retired.c).
 *
 * Retires @nhs_number at @now_usec, replaced by @replaced_by (NULL: no
 * replacement known yet), and raises an Inactive NHS Number Notification
 * (a Task: for the number, input the replacement when given, no focus, no
 * requester) for each LA holding a plan on it, in any state, in one
 * transaction. A number retired without a replacement may be given one
 * later: the LAs are then notified again, with it. @n_raised (may be NULL)
 * gets how many notifications were raised. Fails with EXISTS when the
 * number is retired already as asked (nothing is written), CONFLICT when
 * it was retired with another replacement, RETIRED when @replaced_by is
 * itself retired. */
gboolean             cpis_hub_store_retire_nhs_number       (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             const char           *replaced_by,
                                                             gint64                now_usec,
                                                             guint                *n_raised,
                                                             GError              **error);
/* Whether @nhs_number is retired, and (@replaced_by, may be NULL) its
 * replacement (NULL if none is known); FALSE with @error if the store could
 * not say */
gboolean             cpis_hub_store_is_retired              (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             gboolean             *retired,
                                                             char                **replaced_by,
                                                             GError              **error);

/* Counts, for tests, the command line and (later) dashboards */
gint64               cpis_hub_store_count_accesses          (CpisHubStore         *self,
                                                             const char           *nhs_number,
                                                             GError              **error);
/* Notifications for the LA with this ODS code; NULL counts all */
gint64               cpis_hub_store_count_notifications     (CpisHubStore         *self,
                                                             const char           *la_ods_code,
                                                             GError              **error);

G_END_DECLS
