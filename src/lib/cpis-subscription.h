/* cpis-subscription.h: a social worker's Subscriptions to the hub's push,
 * and what the hub sends about them (docs/api.md, "Subscriptions and the
 * websocket")
 *
 * Plain boxed structs, filled by the codec (cpis-fhir-subscription.c) and
 * read by the hub client and CpisTaskFeed. Nothing here carries anything
 * about a child but a CpisTask of a full-resource notification.
 */
#pragma once

#include <glib-object.h>

#include "cpis-task.h"

G_BEGIN_DECLS

/* The hub's topics: a new notification (Task version 1), and a new version
 * of one (version 2 on). The two never raise the same event. */
#define CPIS_SUBSCRIPTION_TOPIC_PREFIX "https://cpis-desktop.gnome.example/fhir/SubscriptionTopic/"
#define CPIS_SUBSCRIPTION_TOPIC_NEW_NOTIFICATION CPIS_SUBSCRIPTION_TOPIC_PREFIX "new-notification"
#define CPIS_SUBSCRIPTION_TOPIC_NOTIFICATION_CHANGED CPIS_SUBSCRIPTION_TOPIC_PREFIX "notification-changed"

/* The Subscriptions R5 Backport IG's canonical URLs */
#define CPIS_BACKPORT_PREFIX "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"
#define CPIS_BACKPORT_SUBSCRIPTION_PROFILE CPIS_BACKPORT_PREFIX "backport-subscription"
#define CPIS_BACKPORT_HEARTBEAT_PERIOD_URL CPIS_BACKPORT_PREFIX "backport-heartbeat-period"
#define CPIS_BACKPORT_PAYLOAD_CONTENT_URL CPIS_BACKPORT_PREFIX "backport-payload-content"

/* The hub's longest heartbeat period, and how many events one $events
 * answer holds at most */
#define CPIS_SUBSCRIPTION_MAX_HEARTBEAT_PERIOD 86400
#define CPIS_SUBSCRIPTION_EVENTS_PAGE 100

/* The hub's own websocket close codes (docs/api.md, "Close codes") */
#define CPIS_WEBSOCKET_CLOSE_BAD_MESSAGE  4400
#define CPIS_WEBSOCKET_CLOSE_UNAUTHORISED 4401
#define CPIS_WEBSOCKET_CLOSE_FORBIDDEN    4403
#define CPIS_WEBSOCKET_CLOSE_NOT_FOUND    4404
#define CPIS_WEBSOCKET_CLOSE_TIMEOUT      4408
#define CPIS_WEBSOCKET_CLOSE_ENDED        4410

typedef enum
{
  CPIS_SUBSCRIPTION_PAYLOAD_EMPTY,
  CPIS_SUBSCRIPTION_PAYLOAD_ID_ONLY,
  CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE,
} CpisSubscriptionPayload;

/* backport-payload-content's code ("full-resource"…) */
const char *cpis_subscription_payload_to_string (CpisSubscriptionPayload payload);

typedef enum
{
  CPIS_NOTIFICATION_HANDSHAKE,
  CPIS_NOTIFICATION_HEARTBEAT,
  CPIS_NOTIFICATION_EVENT,        /* event-notification */
  CPIS_NOTIFICATION_QUERY_STATUS, /* $status */
  CPIS_NOTIFICATION_QUERY_EVENT,  /* $events */
} CpisNotificationType;

/* A Subscription as the hub answered it */
typedef struct
{
  char                    *id;               /* a UUID, never NULL once decoded */
  char                    *topic;            /* criteria */
  char                    *status;           /* "active", "off" */
  CpisSubscriptionPayload  payload;
  guint                    heartbeat_period; /* seconds; 0: none */
} CpisSubscription;

#define CPIS_TYPE_SUBSCRIPTION (cpis_subscription_get_type ())
GType             cpis_subscription_get_type  (void) G_GNUC_CONST;
CpisSubscription *cpis_subscription_copy      (const CpisSubscription *subscription);
void              cpis_subscription_free      (CpisSubscription       *subscription);

/* $get-ws-binding-token's answer */
typedef struct
{
  char   *token;            /* the binding token: to send, never to log */
  char   *websocket_url;    /* ws:// or wss:// */
  gint64  expires_usec;     /* by the hub's clock; 0 if not given */
  GStrv   subscription_ids; /* the Subscriptions it binds; never NULL */
} CpisBindingToken;

#define CPIS_TYPE_BINDING_TOKEN (cpis_binding_token_get_type ())
GType             cpis_binding_token_get_type (void) G_GNUC_CONST;
CpisBindingToken *cpis_binding_token_copy     (const CpisBindingToken *token);
void              cpis_binding_token_free     (CpisBindingToken       *token);

/* One event of a notification */
typedef struct
{
  guint64   number;          /* event-number, from 1 */
  gint64    timestamp_usec;  /* when it was raised; 0 if not given */
  char     *focus_id;        /* the Task's id (NULL with an empty payload) */
  CpisTask *task;            /* full-resource: the Task at the event's version; else NULL */
} CpisNotificationEvent;

/* A notification Bundle: a websocket message, or a $status/$events answer */
typedef struct
{
  CpisNotificationType  type;
  char                 *subscription_id;
  char                 *topic;               /* NULL with an empty payload */
  char                 *status;              /* "active", "off" */
  guint64               events_since_start;  /* events-since-subscription-start */
  GPtrArray            *events;              /* CpisNotificationEvent, oldest first; never NULL */
} CpisNotification;

#define CPIS_TYPE_NOTIFICATION (cpis_notification_get_type ())
GType             cpis_notification_get_type  (void) G_GNUC_CONST;
/* Reference-counted: copy takes a reference */
CpisNotification *cpis_notification_ref       (CpisNotification *notification);
void              cpis_notification_unref     (CpisNotification *notification);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisSubscription, cpis_subscription_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisBindingToken, cpis_binding_token_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisNotification, cpis_notification_unref)

G_END_DECLS
