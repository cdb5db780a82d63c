/* cpis-hub-records.h: the plain records that pass through the store interface
 *
 * These are the hub's own rows, independent of any database: the store
 * fills them, the request handlers read them. Each has a _free function and
 * g_autoptr support. Dates are "YYYY-MM-DD" strings; instants are
 * microseconds since the Unix epoch (UTC).
 */
#pragma once

#include <glib.h>

#include "cpis-plan-type.h"
#include "cpis-role.h"

G_BEGIN_DECLS

typedef enum
{
  CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY,
  CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE,
  CPIS_HUB_ORG_KIND_SCHEDULED_CARE,
} CpisHubOrgKind;

/* "local-authority", "unscheduled-care", "scheduled-care" */
gboolean    cpis_hub_org_kind_from_string (const char     *text,
                                           CpisHubOrgKind *kind);
const char *cpis_hub_org_kind_to_string   (CpisHubOrgKind  kind);

typedef struct
{
  gint64          id;              /* store's key; 0 before it is stored */
  char           *ods_code;
  char           *name;
  CpisHubOrgKind  kind;
  char           *phone_office;    /* may be NULL */
  char           *phone_emergency; /* may be NULL */
  char           *area;            /* safeguarding partnership area; may be NULL */
  char           *setting_kind;    /* an unscheduled setting's: "emergency-department"…
                                    * (cpis-hub-setting-kind.h); may be NULL */
  gboolean        both_care_settings; /* a care organisation with settings of both
                                       * kinds: its workstations say which they are */
} CpisHubOrganisation;

typedef struct
{
  gint64               id;
  char                *username;
  CpisRole             role;
  char                *full_name;
  char                *job_role_code;      /* SNOMED CT; may be NULL */
  char                *job_role_display;   /* may be NULL */
  char                *practitioner_role_id; /* UUID, the user's PractitionerRole */
  char                *role_profile_id;    /* SDS-style role profile id, digits */
  CpisHubOrganisation *organisation;       /* owned */
  gboolean             disabled;           /* may not sign in, nor be given notifications */
} CpisHubUser;

typedef struct
{
  char     *nhs_number;
  char     *family_name;
  char     *given_name;
  char     *date_of_birth;
  char     *gender;        /* "male", "female", "other", "unknown" */
  char     *postcode;
  gboolean  restricted;    /* a sensitive record: its address is never answered */
  char     *superseded_by; /* the current NHS number, once this one was replaced; else NULL */
  gint64    version;       /* the store's: 1, then one more for each change */
} CpisHubPatient;

/* A demographics search: every string borrowed, names and postcode compared
 * without regard to case (and, for the postcode, spaces) */
typedef struct
{
  const char *family_name;   /* required */
  const char *given_name;    /* NULL: any */
  const char *gender;        /* NULL: any */
  const char *date_of_birth; /* required, YYYY-MM-DD */
  const char *postcode;      /* NULL: any. Given, no restricted patient matches. */
} CpisHubPatientSearch;

typedef struct
{
  char                *id;           /* UUID, the CareTeam id */
  char                *nhs_number;
  CpisPlanType         plan_type;
  char                *start_date;
  char                *end_date;     /* NULL while active */
  char                *due_date;     /* UCPP only */
  char                *subject_name; /* "Given FAMILY" as uploaded */
  char                *date_of_birth; /* of the child (or, for UCPP, the mother) as uploaded */
  CpisHubOrganisation *la;           /* owned: the responsible local authority */
} CpisHubPlan;

/* The local authority's plans, for its social workers (GET [base]/CareTeam
 * without a patient): every string borrowed */
typedef struct
{
  const char   *la_ods_code;  /* required */
  int           ended;        /* -1: any; 0: active (no end, or an end after @today); 1: ended */
  const char   *today;        /* YYYY-MM-DD, the UK day, for @ended */
  CpisPlanType  plan_type;    /* CPIS_PLAN_TYPE_UNRECOGNISED: any */
  guint         offset;
  guint         count;
} CpisHubPlanSearch;

/* A record of an LA's upload that the hub refused (docs/api.md, "Upload
 * exceptions: Basic"): what was submitted, as written, and why */
typedef struct
{
  char   *id;             /* UUID, the Basic id */
  char   *la_ods_code;
  char   *la_name;        /* filled in when read */
  char   *nhs_number;     /* as submitted, trimmed ("" for none) */
  char   *family_name;
  char   *given_name;
  char   *date_of_birth;
  char   *plan_type;
  char   *start_date;
  char   *code;           /* CPR01, CPR03, CPR05, CPR07 */
  char   *detail;
  gint64  recorded_usec;  /* the last upload that refused it */
  gint64  resolved_usec;  /* 0 while open */
  char   *resolution;     /* NULL while open; "dismissed" or "uploaded" */
} CpisHubPlanException;

typedef struct
{
  char   *id;                 /* UUID, the AuditEvent id */
  char   *nhs_number;
  gint64  recorded_usec;      /* UTC */
  /* the viewer, as it was when the access was recorded */
  char   *practitioner_role_id;
  char   *viewer_name;
  char   *job_role_code;
  char   *job_role_display;
  char   *role_profile_id;
  char   *org_ods_code;
  char   *org_name;
} CpisHubAccess;

/* A team of a local authority: an owner a notification can be assigned to */
typedef struct
{
  gint64  id;          /* store's key */
  char   *code;        /* its identifier (https://cpis-desktop.gnome.example/Id/team), unique */
  char   *name;
  char   *la_ods_code; /* the LA it belongs to */
} CpisHubTeam;

/* A notification's (Task's) status, in lifecycle order */
typedef enum
{
  CPIS_HUB_TASK_STATUS_REQUESTED,
  CPIS_HUB_TASK_STATUS_ACCEPTED,
  CPIS_HUB_TASK_STATUS_IN_PROGRESS,
  CPIS_HUB_TASK_STATUS_COMPLETED,
  CPIS_HUB_TASK_STATUS_CANCELLED,
} CpisHubTaskStatus;

#define CPIS_HUB_N_TASK_STATUSES 5

/* "requested", "accepted", "in-progress", "completed", "cancelled" */
gboolean    cpis_hub_task_status_from_string (const char        *text,
                                              CpisHubTaskStatus *status);
const char *cpis_hub_task_status_to_string   (CpisHubTaskStatus  status);

/* Who owns a notification: the LA itself (unassigned), one of its teams, or
 * one of its social workers */
typedef enum
{
  CPIS_HUB_TASK_OWNER_LA,
  CPIS_HUB_TASK_OWNER_TEAM,
  CPIS_HUB_TASK_OWNER_SOCIAL_WORKER,
} CpisHubTaskOwnerKind;

/* "la", "team", "social-worker" (the store's words) */
gboolean    cpis_hub_task_owner_kind_from_string (const char           *text,
                                                  CpisHubTaskOwnerKind *kind);
const char *cpis_hub_task_owner_kind_to_string   (CpisHubTaskOwnerKind  kind);

/* One note on a notification: appended, never changed */
typedef struct
{
  char   *author_role_id;  /* the author's PractitionerRole id, as when written */
  char   *author_name;
  gint64  time_usec;       /* set by the hub */
  char   *text;
  gint64  version;         /* the version that added it */
} CpisHubTaskNote;

/* A notification (a FHIR Task) as it is at one version */
typedef struct
{
  gint64                seq;               /* store's key */
  char                 *id;                /* UUID, the Task id */
  char                 *code;              /* "access-to-service", "inactive-nhs-number" */
  char                 *la_ods_code;       /* the LA it is for */
  char                 *la_name;
  char                 *access_id;         /* the AuditEvent; NULL for inactive-nhs-number */
  char                 *nhs_number;        /* the child (for a UCPP, the mother) */
  char                 *subject_name;      /* "Given FAMILY" as on the LA's plan; may be NULL */
  char                 *requester_ods_code; /* the care setting; NULL for inactive-nhs-number */
  char                 *requester_name;
  gboolean              out_of_area;       /* the setting's area is not the LA's */
  char                 *replaced_by;       /* inactive-nhs-number: the new number, or NULL */
  gint64                authored_usec;     /* when raised (the access recorded) */

  /* this version */
  gint64                version;           /* 1 when raised */
  CpisHubTaskStatus     status;
  char                 *status_reason;     /* cancelled only */
  char                 *business_status;   /* an outcome code, or NULL */
  CpisHubTaskOwnerKind  owner_kind;
  char                 *owner_ref;         /* LA: its ODS code; team: its code; social worker: PractitionerRole id */
  char                 *owner_display;
  gint64                last_modified_usec;
  char                 *modified_by_role_id; /* NULL on version 1 (the hub raised it) */
  char                 *modified_by_name;
  GPtrArray            *notes;             /* CpisHubTaskNote, oldest first: those of this version */
} CpisHubTask;

/* What a search of one LA's notifications asks for (every string borrowed).
 * Time ranges are half-open, [from, before), in microseconds. */
typedef enum
{
  CPIS_HUB_TASK_SORT_AUTHORED,
  CPIS_HUB_TASK_SORT_AUTHORED_DESC,
  CPIS_HUB_TASK_SORT_LAST_UPDATED,
  CPIS_HUB_TASK_SORT_LAST_UPDATED_DESC,
  CPIS_HUB_TASK_SORT_STATUS,
  CPIS_HUB_TASK_SORT_STATUS_DESC,
} CpisHubTaskSort;

typedef struct
{
  const char           *la_ods_code;       /* required */
  guint                 statuses;          /* bit (1 << CpisHubTaskStatus) per status; 0: any */
  const char           *code;              /* NULL: any */
  const char           *nhs_number;        /* NULL: any */
  gboolean              has_owner;
  CpisHubTaskOwnerKind  owner_kind;
  const char           *owner_ref;         /* as in CpisHubTask */
  gint64                authored_from_usec;
  gint64                authored_before_usec;
  gint64                updated_from_usec;
  gint64                updated_before_usec;
  int                   out_of_area;       /* -1: any, 0, 1 */
  CpisHubTaskSort       sort;
  guint                 offset;
  guint                 count;
} CpisHubTaskSearch;

/* Every notification of @la_ods_code (borrowed), newest raised first, the
 * first 50: no bound set (a from bound of G_MININT64, a before bound of
 * G_MAXINT64) */
void        cpis_hub_task_search_init        (CpisHubTaskSearch *search,
                                              const char        *la_ods_code);

/* A change to a notification, made by @user_id: a new version. Every string
 * borrowed. */
typedef struct
{
  const char           *task_id;
  const char           *la_ods_code;       /* the LA it must belong to */
  gint64                base_version;      /* the version it was read at */
  gint64                user_id;           /* who makes the change */
  gint64                modified_usec;
  CpisHubTaskStatus     status;
  const char           *status_reason;
  const char           *business_status;
  CpisHubTaskOwnerKind  owner_kind;
  const char           *owner_ref;
  const char * const   *new_notes;         /* NULL-terminated texts to append; may be NULL */
} CpisHubTaskUpdate;

CpisHubOrganisation *cpis_hub_organisation_copy (const CpisHubOrganisation *org);
void                 cpis_hub_organisation_free (CpisHubOrganisation *org);
void                 cpis_hub_user_free         (CpisHubUser *user);
CpisHubPatient      *cpis_hub_patient_copy      (const CpisHubPatient *patient);
void                 cpis_hub_patient_free      (CpisHubPatient *patient);
void                 cpis_hub_plan_free         (CpisHubPlan *plan);
void                 cpis_hub_plan_exception_free (CpisHubPlanException *exception);
void                 cpis_hub_access_free       (CpisHubAccess *access);
void                 cpis_hub_team_free         (CpisHubTeam *team);
void                 cpis_hub_task_note_free    (CpisHubTaskNote *note);
void                 cpis_hub_task_free         (CpisHubTask *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubOrganisation, cpis_hub_organisation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubUser, cpis_hub_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubPatient, cpis_hub_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubPlan, cpis_hub_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubPlanException, cpis_hub_plan_exception_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubAccess, cpis_hub_access_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubTeam, cpis_hub_team_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubTask, cpis_hub_task_free)

G_END_DECLS
