/* cpis-hub-throttle.h: slowing down password guessing, without locking
 * anyone out for long
 *
 * Failed sign-ins are counted for each (user name, client address) pair,
 * for each client address and for each user name. Each count has a number
 * of failures that are free; after those, the next attempt must wait a
 * delay that doubles with each failure, up to a cap; an attempt before then
 * is answered 429 with Retry-After, without checking the password. A count
 * is forgotten after an hour without failures; a sign-in clears its pair.
 *
 *   pair (user, address)  5 free, then 1 s, 2 s, 4 s … up to 5 minutes
 *   address               100 free (a trust's wards may share one address
 *                         behind NAT), then 1 s … up to 1 minute
 *   user name             never blocks by itself (anyone could then lock a
 *                         user out); 50 failures make the account "under
 *                         attack": each pair's free failures drop to 2
 *
 * So guessing one account from one address runs at about one guess per 5
 * minutes after the first few, spread over many addresses at 2 per address
 * once noticed; and a nurse is slowed only by her own mistakes (from her
 * own address: 5 free, and other addresses' failures never block her).
 * One check at a time for each pair, and at most
 * CPIS_HUB_THROTTLE_MAX_IN_FLIGHT for each address, so that guesses sent
 * side by side are not all checked before the first failure counts.
 * The tables hold at most CPIS_HUB_THROTTLE_MAX_ENTRIES counts (the oldest
 * go first); everything is in memory, one hub process's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CPIS_HUB_THROTTLE_MAX_ENTRIES 100000
#define CPIS_HUB_THROTTLE_MAX_IN_FLIGHT 8

typedef struct _CpisHubThrottle CpisHubThrottle;

/* How a checked sign-in ended */
typedef enum
{
  CPIS_HUB_THROTTLE_SIGNED_IN,   /* the password was right: its pair is cleared */
  CPIS_HUB_THROTTLE_REFUSED,     /* a failed guess: counted */
  CPIS_HUB_THROTTLE_UNDECIDED,   /* the hub's own failure: neither counted nor cleared */
} CpisHubThrottleOutcome;

CpisHubThrottle *cpis_hub_throttle_new       (void);
void             cpis_hub_throttle_free      (CpisHubThrottle *self);
/* 0 if a sign-in as @username from @address may be checked at @now_usec
 * (it is then in flight until cpis_hub_throttle_end()); else the whole
 * seconds (at least 1) until it may be tried again */
guint            cpis_hub_throttle_begin     (CpisHubThrottle *self,
                                              const char      *username,
                                              const char      *address,
                                              gint64           now_usec);
/* The checked sign-in is no longer in flight, and ended as @outcome says */
void             cpis_hub_throttle_end       (CpisHubThrottle        *self,
                                              const char             *username,
                                              const char             *address,
                                              CpisHubThrottleOutcome  outcome,
                                              gint64                  now_usec);
guint            cpis_hub_throttle_get_n_entries (CpisHubThrottle *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubThrottle, cpis_hub_throttle_free)

G_END_DECLS
