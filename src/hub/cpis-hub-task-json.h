/* cpis-hub-task-json.h: the hub's notifications as FHIR R4 Task JSON
 *
 * docs/api.md, "Notifications: Task", is the contract: a Task per Access to
 * Service Notification, in searchset and history Bundles.
 */
#pragma once

#include <glib.h>

#include "cpis-hub-records.h"

G_BEGIN_DECLS

#define CPIS_HUB_TASK_OUT_OF_AREA_URL \
  "https://cpis-desktop.gnome.example/fhir/StructureDefinition/out-of-area"
#define CPIS_HUB_TASK_MODIFIED_BY_URL \
  "https://cpis-desktop.gnome.example/fhir/StructureDefinition/modified-by"
#define CPIS_HUB_TASK_TYPE_SYSTEM \
  "https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-type"
#define CPIS_HUB_TASK_OUTCOME_SYSTEM \
  "https://cpis-desktop.gnome.example/fhir/CodeSystem/notification-outcome"
/* the core's CPIS_TEAM_SYSTEM (cpis-task-codes.h) */
#define CPIS_HUB_TEAM_SYSTEM "https://cpis-desktop.gnome.example/Id/team"

#define CPIS_HUB_TASK_CODE_ACCESS_TO_SERVICE   "access-to-service"
#define CPIS_HUB_TASK_CODE_INACTIVE_NHS_NUMBER "inactive-nhs-number"

/* The display of a notification type, or NULL for an unknown code */
const char *cpis_hub_task_code_display    (const char        *code);
/* The display of an outcome (businessStatus) code, or NULL for an unknown one */
const char *cpis_hub_task_outcome_display (const char        *code);

/* An instant in UTC with its offset: "2026-12-02T09:15:02.123456+00:00",
 * the microseconds only when there are any */
char       *cpis_hub_task_format_instant  (gint64             usec);

/* ETag of a version: W/"3" */
char       *cpis_hub_task_etag            (gint64             version);

/* One Task (a read, an update's answer) */
char       *cpis_hub_task_encode          (const CpisHubTask *task);

typedef struct
{
  const char *self;      /* the URL as requested */
  const char *next;      /* NULL: the last page */
  const char *previous;  /* NULL: the first page */
} CpisHubTaskLinks;

/* A searchset of @tasks (CpisHubTask, search.mode "match"), @total in all;
 * @events (CpisAccessEvent with their PractitionerRoles, may be NULL) are
 * included after them (search.mode "include"), then each distinct viewer's
 * PractitionerRole, as the access history has them. @base_url: the FHIR base
 * the client addressed, for fullUrl. */
char       *cpis_hub_task_encode_searchset (GPtrArray              *tasks,
                                            guint                   total,
                                            GPtrArray              *events,
                                            const CpisHubTaskLinks *links,
                                            const char             *base_url);

/* A history Bundle of @versions (CpisHubTask, newest first) */
char       *cpis_hub_task_encode_history   (GPtrArray              *versions,
                                            const char             *base_url,
                                            const char             *self_url);

G_END_DECLS
