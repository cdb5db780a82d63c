/* cpis-hub-subscription-read.h: reading a POST [base]/Subscription body
 *
 * docs/api.md, "Subscriptions and the websocket", is the contract: an R4
 * Subscription in the shape of the Subscriptions R5 Backport IG
 * (backport-subscription), for one of the hub's topics, on a websocket
 * channel. Two kinds of refusal, as for a Task:
 *
 * 400 INVALID_RESOURCE, the body cannot be read as a Subscription: no body,
 *   not UTF-8, a NUL, not JSON, nested too deep, a member given twice, not
 *   a Subscription, a member of the wrong JSON type, no status, reason,
 *   criteria or channel.
 * 422 BUSINESS_RULE, it can be read but the hub does not make it: a member
 *   or extension the hub does not keep, a status other than requested or
 *   active, a blank or too long reason, an unknown topic, filter criteria,
 *   a channel other than a websocket, an endpoint or headers, a payload
 *   other than application/fhir+json, no payload content or an unknown one,
 *   a heartbeat period out of range, an end that has passed.
 */
#pragma once

#include <glib.h>

#include "cpis-hub-store-subscriptions.h"

G_BEGIN_DECLS

#define CPIS_HUB_SUBSCRIPTION_MAX_REASON       1000
#define CPIS_HUB_SUBSCRIPTION_MAX_HEARTBEAT    86400

/* The Subscription @body asks for, read at @now_usec (for its end): topic,
 * payload, reason, heartbeat, timeout, max count and end filled in (the
 * rest is the caller's: whose it is, when it was made). NULL with the
 * answer to give: *@status 400 or 422 and a sentence in *@diagnostics. */
CpisHubSubscription *cpis_hub_subscription_read (GBytes  *body,
                                                 gint64   now_usec,
                                                 guint   *status,
                                                 char   **diagnostics);

G_END_DECLS
