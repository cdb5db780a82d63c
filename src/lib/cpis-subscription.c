/* cpis-subscription.c: the structs of cpis-subscription.h */
#include "cpis-subscription.h"

#include "cpis-fhir-codec-private.h"

G_DEFINE_BOXED_TYPE (CpisSubscription, cpis_subscription,
                     cpis_subscription_copy, cpis_subscription_free)
G_DEFINE_BOXED_TYPE (CpisBindingToken, cpis_binding_token,
                     cpis_binding_token_copy, cpis_binding_token_free)
G_DEFINE_BOXED_TYPE (CpisNotification, cpis_notification,
                     cpis_notification_ref, cpis_notification_unref)

const char *
cpis_subscription_payload_to_string (CpisSubscriptionPayload payload)
{
  switch (payload)
    {
    case CPIS_SUBSCRIPTION_PAYLOAD_EMPTY:
      return "empty";
    case CPIS_SUBSCRIPTION_PAYLOAD_ID_ONLY:
      return "id-only";
    case CPIS_SUBSCRIPTION_PAYLOAD_FULL_RESOURCE:
    default:
      return "full-resource";
    }
}

CpisSubscription *
cpis_subscription_copy (const CpisSubscription *subscription)
{
  CpisSubscription *copy;

  g_return_val_if_fail (subscription != NULL, NULL);

  copy = g_new0 (CpisSubscription, 1);
  copy->id = g_strdup (subscription->id);
  copy->topic = g_strdup (subscription->topic);
  copy->status = g_strdup (subscription->status);
  copy->payload = subscription->payload;
  copy->heartbeat_period = subscription->heartbeat_period;

  return copy;
}

void
cpis_subscription_free (CpisSubscription *subscription)
{
  if (subscription == NULL)
    return;

  g_free (subscription->id);
  g_free (subscription->topic);
  g_free (subscription->status);
  g_free (subscription);
}

CpisBindingToken *
cpis_binding_token_copy (const CpisBindingToken *token)
{
  CpisBindingToken *copy;

  g_return_val_if_fail (token != NULL, NULL);

  copy = g_new0 (CpisBindingToken, 1);
  copy->token = g_strdup (token->token);
  copy->websocket_url = g_strdup (token->websocket_url);
  copy->expires_usec = token->expires_usec;
  copy->subscription_ids = g_strdupv (token->subscription_ids);

  return copy;
}

void
cpis_binding_token_free (CpisBindingToken *token)
{
  if (token == NULL)
    return;

  g_free (token->token);
  g_free (token->websocket_url);
  g_strfreev (token->subscription_ids);
  g_free (token);
}

static void
notification_event_free (CpisNotificationEvent *event)
{
  g_free (event->focus_id);
  g_clear_object (&event->task);
  g_free (event);
}

static void
notification_clear (CpisNotification *notification)
{
  g_free (notification->subscription_id);
  g_free (notification->topic);
  g_free (notification->status);
  g_clear_pointer (&notification->events, g_ptr_array_unref);
}

CpisNotification *
_cpis_notification_new (void)
{
  CpisNotification *notification = g_atomic_rc_box_new0 (CpisNotification);

  notification->events = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_event_free);
  return notification;
}

CpisNotification *
cpis_notification_ref (CpisNotification *notification)
{
  g_return_val_if_fail (notification != NULL, NULL);

  return g_atomic_rc_box_acquire (notification);
}

void
cpis_notification_unref (CpisNotification *notification)
{
  if (notification == NULL)
    return;

  g_atomic_rc_box_release_full (notification, (GDestroyNotify) notification_clear);
}
