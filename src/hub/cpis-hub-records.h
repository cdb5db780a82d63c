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

CpisHubOrganisation *cpis_hub_organisation_copy (const CpisHubOrganisation *org);
void                 cpis_hub_organisation_free (CpisHubOrganisation *org);
void                 cpis_hub_user_free         (CpisHubUser *user);
CpisHubPatient      *cpis_hub_patient_copy      (const CpisHubPatient *patient);
void                 cpis_hub_patient_free      (CpisHubPatient *patient);
void                 cpis_hub_plan_free         (CpisHubPlan *plan);
void                 cpis_hub_access_free       (CpisHubAccess *access);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubOrganisation, cpis_hub_organisation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubUser, cpis_hub_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubPatient, cpis_hub_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubPlan, cpis_hub_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubAccess, cpis_hub_access_free)

G_END_DECLS
