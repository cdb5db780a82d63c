/* cpis-test-hub.h: the real hub, started in-process on loopback port 0 for a test
 *
 * The hub runs in a thread of its own with its own main context, as it would
 * in its own process; the test talks to it over real HTTP.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cpis-hub-push.h"
#include "cpis-hub-server.h"
#include "cpis-hub-store.h"
#include "cpis-test-util.h"

G_BEGIN_DECLS

typedef struct _CpisTestHub CpisTestHub;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;   /* what the transport said (cpis_test_http_request) */
} CpisTestResponse;

CpisTestHub      *cpis_test_hub_new               (void);
void              cpis_test_hub_free              (CpisTestHub *hub);
CpisHubStore     *cpis_test_hub_get_store         (CpisTestHub *hub);
const char       *cpis_test_hub_get_base_url      (CpisTestHub *hub);
const char       *cpis_test_hub_get_origin        (CpisTestHub *hub);
const char       *cpis_test_hub_get_db_path       (CpisTestHub *hub);
/* The hub's push (for the hooks of cpis-hub-push-private.h); the server must run */
CpisHubPush      *cpis_test_hub_get_push          (CpisTestHub *hub);
/* Stops serving (the store stays open, the Subscriptions and tokens in it),
 * as a hub that goes away; restarts on the same port, with the same URLs */
void              cpis_test_hub_stop_server       (CpisTestHub *hub);
void              cpis_test_hub_restart_server    (CpisTestHub *hub);
/* From now on, the hub keeps the method and path ("GET /cpis/FHIR/R4/…")
 * of every request it reads, until cpis_test_hub_take_requests (the server must run) */
void              cpis_test_hub_record_requests   (CpisTestHub *hub);
/* (transfer full) the requests read since the last call, in order */
GStrv             cpis_test_hub_take_requests     (CpisTestHub *hub);
/* A clinician's check of @nhs_number by @username, recorded straight into
 * the store and notified to @la_ods_code, as a hub process of its own would
 * (the events are numbered; nothing is pushed): works while stopped */
void              cpis_test_hub_record_check      (CpisTestHub *hub,
                                                   const char  *nhs_number,
                                                   const char  *username,
                                                   const char  *la_ods_code);
/* The hub's clock: noon UK time on @date ("YYYY-MM-DD"), or the real clock for NULL */
void              cpis_test_hub_set_today         (CpisTestHub *hub,
                                                   const char  *date);
/* Moves the hub's clock by @seconds (the clock must be set) */
void              cpis_test_hub_advance           (CpisTestHub *hub,
                                                   gint64       seconds);

/* Fixtures, written through the store */
void              cpis_test_hub_add_org           (CpisTestHub *hub,
                                                   const char  *ods_code,
                                                   const char  *name,
                                                   const char  *kind,
                                                   const char  *area);
/* The care organisation @ods_code (added before) has settings of both
 * kinds: its workstations say which they are */
void              cpis_test_hub_give_both_care_settings (CpisTestHub *hub,
                                                         const char  *ods_code);
void              cpis_test_hub_add_user          (CpisTestHub *hub,
                                                   const char  *username,
                                                   const char  *password,
                                                   const char  *role,
                                                   const char  *ods_code);
void              cpis_test_hub_add_plan          (CpisTestHub *hub,
                                                   const char  *nhs_number,
                                                   const char  *plan_type,
                                                   const char  *start_date,
                                                   const char  *end_date,
                                                   const char  *due_date,
                                                   const char  *la_ods_code);
/* The same, uploaded under @subject_name ("Given FAMILY") and @birth_date */
void              cpis_test_hub_add_named_plan    (CpisTestHub *hub,
                                                   const char  *nhs_number,
                                                   const char  *plan_type,
                                                   const char  *start_date,
                                                   const char  *end_date,
                                                   const char  *due_date,
                                                   const char  *la_ods_code,
                                                   const char  *subject_name,
                                                   const char  *birth_date);
/* Demographics (the PDS-shaped service); @postcode and @superseded_by may be NULL */
void              cpis_test_hub_add_patient       (CpisTestHub *hub,
                                                   const char  *nhs_number,
                                                   const char  *family_name,
                                                   const char  *given_name,
                                                   const char  *birth_date,
                                                   const char  *gender,
                                                   const char  *postcode,
                                                   gboolean     restricted,
                                                   const char  *superseded_by);
/* An access to @nhs_number's record by @username at @recorded_usec (Unix
 * time in microseconds), written as the hub records one: it shows in the
 * access history. No local authority is notified. */
void              cpis_test_hub_add_access        (CpisTestHub *hub,
                                                   const char  *nhs_number,
                                                   const char  *username,
                                                   gint64       recorded_usec);
/* The store at @path, created if need be (asserts it opens) */
CpisHubStore     *cpis_test_store_open                (const char   *path);
/* Accesses recorded to @nhs_number's record (every record's, for NULL) and
 * notifications to the local authority @la_ods_code (every one's, for NULL),
 * as the store counts them (asserts it answers) */
gint64            cpis_test_store_count_accesses      (CpisHubStore *store,
                                                       const char   *nhs_number);
gint64            cpis_test_store_count_notifications (CpisHubStore *store,
                                                       const char   *la_ods_code);
/* The same, in @hub's store */
gint64            cpis_test_hub_count_accesses        (CpisTestHub  *hub,
                                                       const char   *nhs_number);
gint64            cpis_test_hub_count_notifications   (CpisTestHub  *hub,
                                                       const char   *la_ods_code);
/* Signs in over HTTP and returns the bearer token (asserts success) */
char             *cpis_test_hub_sign_in           (CpisTestHub *hub,
                                                   const char  *username,
                                                   const char  *password);

/* A new hub client signed in to @hub as @username (asserts success) */
CpisHubClient    *cpis_test_hub_sign_in_client    (CpisTestHub *hub,
                                                   const char  *username,
                                                   const char  *password);

/* HTTP. @path is relative to the origin ("/oauth2/token", "/cpis/FHIR/R4/…").
 * Extra request headers follow as name, value pairs, ended by NULL. */
CpisTestResponse *cpis_test_hub_request           (CpisTestHub *hub,
                                                   const char  *method,
                                                   const char  *path,
                                                   const char  *token,
                                                   const char  *content_type,
                                                   const char  *body,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* GET [base]/@resource?patient:identifier=…|@nhs_number with
 * IsUnscheduledAccessEvent: @unscheduled (NULL: header left out) */
CpisTestResponse *cpis_test_hub_search            (CpisTestHub *hub,
                                                   const char  *token,
                                                   const char  *resource,
                                                   const char  *nhs_number,
                                                   const char  *unscheduled);
/* Sends @request as raw bytes on a new connection and returns all the hub
 * answered until it closed (for requests no HTTP library would send) */
char             *cpis_test_hub_raw_request       (CpisTestHub *hub,
                                                   const char  *request,
                                                   gsize        length);
/* Sends @request on a new connection and returns it, the answer unread
 * (close it to hang up before the hub answers) */
GSocketConnection *cpis_test_hub_send_raw         (CpisTestHub *hub,
                                                   const char  *request);
/* HTTP to any hub (one in this thread, in a process of its own…): sends
 * @method @url on @session and iterates the thread-default main context until
 * the answer; a transport error is left in the response. @form (may be NULL)
 * is sent form-encoded; extra request headers follow as name, value pairs,
 * ended by NULL. */
CpisTestResponse *cpis_test_http_request          (SoupSession *session,
                                                   const char  *method,
                                                   const char  *url,
                                                   const char  *token,
                                                   const char  *form,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* Signs in at @origin over HTTP: the bearer token, or NULL once it has
 * asserted that the hub refused the grant (400 INVALID_GRANT) */
char             *cpis_test_http_sign_in          (SoupSession *session,
                                                   const char  *origin,
                                                   const char  *username,
                                                   const char  *password);
void              cpis_test_response_free         (CpisTestResponse *response);
char             *cpis_test_response_text         (CpisTestResponse *response);
/* The body's JSON root (asserts it parses) */
JsonNode         *cpis_test_response_json         (CpisTestResponse *response);
/* Asserts an OperationOutcome with this HTTP status and details code */
void              cpis_test_assert_outcome        (CpisTestResponse *response,
                                                   guint             status,
                                                   const char       *details_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisTestResponse, cpis_test_response_free)

G_END_DECLS
