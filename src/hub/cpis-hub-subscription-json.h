/* cpis-hub-subscription-json.h: Subscriptions and their notifications as
 * FHIR R4 JSON, in the shapes of the Subscriptions R5 Backport IG
 *
 * docs/api.md, "Subscriptions and the websocket", is the contract: the
 * Subscription (backport-subscription), its notification Bundles
 * (backport-subscription-notification-r4: a history Bundle whose first
 * entry is a backport-subscription-status-r4 Parameters), the $status
 * answer, and the $get-ws-binding-token Parameters.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cpis-hub-store-subscriptions.h"

G_BEGIN_DECLS

/* The hub's topics: https://cpis-desktop.gnome.example/fhir/SubscriptionTopic/… */
#define CPIS_HUB_TOPIC_URL_PREFIX \
  "https://cpis-desktop.gnome.example/fhir/SubscriptionTopic/"

#define CPIS_HUB_BACKPORT_SD "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"
#define CPIS_HUB_BACKPORT_SUBSCRIPTION_PROFILE CPIS_HUB_BACKPORT_SD "backport-subscription"
#define CPIS_HUB_BACKPORT_NOTIFICATION_PROFILE CPIS_HUB_BACKPORT_SD "backport-subscription-notification-r4"
#define CPIS_HUB_BACKPORT_STATUS_PROFILE       CPIS_HUB_BACKPORT_SD "backport-subscription-status-r4"
#define CPIS_HUB_BACKPORT_PAYLOAD_CONTENT_URL  CPIS_HUB_BACKPORT_SD "backport-payload-content"
#define CPIS_HUB_BACKPORT_HEARTBEAT_PERIOD_URL CPIS_HUB_BACKPORT_SD "backport-heartbeat-period"
#define CPIS_HUB_BACKPORT_TIMEOUT_URL          CPIS_HUB_BACKPORT_SD "backport-timeout"
#define CPIS_HUB_BACKPORT_MAX_COUNT_URL        CPIS_HUB_BACKPORT_SD "backport-max-count"
/* The hub's own: whose events a Subscription carries (set by the hub) */
#define CPIS_HUB_SUBSCRIPTION_LA_URL \
  "https://cpis-desktop.gnome.example/fhir/StructureDefinition/local-authority"

/* The canonical URL of @topic */
const char *cpis_hub_topic_canonical      (CpisHubTopic                topic);
/* TRUE, with the topic, for one of the hub's canonical URLs (exactly) */
gboolean    cpis_hub_topic_from_canonical (const char                 *url,
                                           CpisHubTopic               *topic);

/* "active", or "off" once its end has passed */
const char *cpis_hub_subscription_status  (const CpisHubSubscription  *subscription,
                                           gint64                      now_usec);

/* One Subscription (a read, a create's answer) */
char       *cpis_hub_subscription_encode  (const CpisHubSubscription  *subscription,
                                           gint64                      now_usec);
/* A searchset of @subscriptions (CpisHubSubscription) */
char       *cpis_hub_subscription_encode_searchset (GPtrArray         *subscriptions,
                                                    const char        *base_url,
                                                    const char        *self_url,
                                                    gint64             now_usec);
/* $status: a searchset of one query-status Parameters per Subscription */
char       *cpis_hub_subscription_encode_status    (GPtrArray         *subscriptions,
                                                    const char        *base_url,
                                                    const char        *self_url,
                                                    gint64             now_usec);

typedef enum
{
  CPIS_HUB_NOTIFICATION_HANDSHAKE,
  CPIS_HUB_NOTIFICATION_HEARTBEAT,
  CPIS_HUB_NOTIFICATION_EVENT,        /* event-notification */
  CPIS_HUB_NOTIFICATION_QUERY_EVENT,  /* the answer to $events */
} CpisHubNotificationType;

typedef struct
{
  const CpisHubSubscription *subscription;  /* its id and topic */
  CpisHubNotificationType    type;
  const char                *status;        /* the Subscription's, "active" */
  gint64                     events_count;  /* events-since-subscription-start */
  CpisHubPayload             payload;
  GPtrArray                 *events;        /* CpisHubSubscriptionEvent; NULL: none */
  /* full-resource: the Task of each event at its version, as
   * cpis_hub_task_encode() writes it (NULL when it could not be read), in
   * the order of @events */
  GPtrArray                 *tasks;
  const char                *base_url;      /* the FHIR base the client addressed */
  gint64                     now_usec;
} CpisHubNotification;

/* A notification Bundle (history), its first entry the SubscriptionStatus.
 * Written as text, not built: the push sends one per bound Subscription of
 * each event, and a Bundle built with json-glib costs several times more */
char       *cpis_hub_notification_encode  (const CpisHubNotification  *notification);

/* The $get-ws-binding-token answer: a Parameters with the token, when it
 * expires, the ids of the Subscriptions it binds and the websocket's URL */
char       *cpis_hub_binding_token_encode (const char                 *token,
                                           gint64                      expires_usec,
                                           const char * const         *subscription_ids,
                                           const char                 *websocket_url);

G_END_DECLS
