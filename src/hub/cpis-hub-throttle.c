/* cpis-hub-throttle.c: slowing down password guessing (see the header) */
#include "cpis-hub-throttle.h"

#include <string.h>

#define FORGET_AFTER_USEC (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define FIRST_DELAY_USEC G_USEC_PER_SEC

#define PAIR_FREE 5
#define PAIR_FREE_UNDER_ATTACK 2
#define PAIR_CAP_USEC (G_GINT64_CONSTANT (300) * G_USEC_PER_SEC)
#define ADDRESS_FREE 100
#define ADDRESS_CAP_USEC (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define ACCOUNT_UNDER_ATTACK 50

/* a user name longer than this is counted by its digest (none is so long) */
#define MAX_KEY_NAME 256

typedef struct
{
  guint  failures;
  gint64 last_failure_usec;
  guint  in_flight;           /* checks begun and not ended */
} Count;

struct _CpisHubThrottle
{
  GHashTable *counts;   /* key → Count */
};

CpisHubThrottle *
cpis_hub_throttle_new (void)
{
  CpisHubThrottle *self = g_new0 (CpisHubThrottle, 1);

  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
cpis_hub_throttle_free (CpisHubThrottle *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->counts);
  g_free (self);
}

guint
cpis_hub_throttle_get_n_entries (CpisHubThrottle *self)
{
  return g_hash_table_size (self->counts);
}

static char *
name_part (const char *username)
{
  if (strlen (username) <= MAX_KEY_NAME)
    return g_strdup (username);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, username, -1);
}

/* "p\x1f<user>\x1f<address>", "a\x1f<address>", "u\x1f<user>": no user name
 * (the form refuses control characters) or address holds a unit separator
 * that could make two keys meet */
static char *
pair_key (const char *username,
          const char *address)
{
  g_autofree char *name = name_part (username);

  return g_strconcat ("p\x1f", name, "\x1f", address, NULL);
}

static char *
address_key (const char *address)
{
  return g_strconcat ("a\x1f", address, NULL);
}

static char *
account_key (const char *username)
{
  g_autofree char *name = name_part (username);

  return g_strconcat ("u\x1f", name, NULL);
}

static gboolean
forgotten (const Count *count,
           gint64       now_usec)
{
  return count->failures == 0 || now_usec - count->last_failure_usec > FORGET_AFTER_USEC;
}

/* The count at @key, or NULL if there is none (one whose failures are
 * forgotten is dropped, unless a check of it is in flight) */
static Count *
lookup (CpisHubThrottle *self,
        const char      *key,
        gint64           now_usec)
{
  Count *count = g_hash_table_lookup (self->counts, key);

  if (count != NULL && forgotten (count, now_usec))
    {
      count->failures = 0;
      if (count->in_flight == 0)
        {
          g_hash_table_remove (self->counts, key);
          return NULL;
        }
    }

  return count;
}

static int
compare_usec (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Room for more counts: when full, the forgotten ones go, and then the
 * oldest quarter at once (so that a flood of names or addresses costs one
 * sort for every quarter of the table, not a scan for each failure) */
static void
make_room (CpisHubThrottle *self,
           gint64           now_usec)
{
  g_autoptr(GArray) times = NULL;
  GHashTableIter iter;
  Count *count;
  gint64 cut;

  if (g_hash_table_size (self->counts) < CPIS_HUB_THROTTLE_MAX_ENTRIES)
    return;

  times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->counts));
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &count))
    if (count->in_flight == 0 && forgotten (count, now_usec))
      g_hash_table_iter_remove (&iter);
    else if (count->in_flight == 0)
      g_array_append_val (times, count->last_failure_usec);

  if (g_hash_table_size (self->counts) < CPIS_HUB_THROTTLE_MAX_ENTRIES * 3 / 4 || times->len == 0)
    return;

  g_array_sort (times, compare_usec);
  cut = g_array_index (times, gint64, times->len / 4);
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &count))
    if (count->in_flight == 0 && count->last_failure_usec <= cut)
      g_hash_table_iter_remove (&iter);
}

/* The count at @key (taken), made if there is none (after make_room(),
 * never between ensures: it may drop what an earlier one returned) */
static Count *
ensure (CpisHubThrottle *self,
        char            *key,
        gint64           now_usec)
{
  Count *count = lookup (self, key, now_usec);

  if (count != NULL)
    {
      g_free (key);
      return count;
    }

  count = g_new0 (Count, 1);
  g_hash_table_insert (self->counts, key, count);
  return count;
}

/* When a count with @free failures free may be tried again */
static gint64
allowed_from (const Count *count,
              guint        free,
              gint64       cap_usec)
{
  gint64 delay = FIRST_DELAY_USEC;

  if (count == NULL || count->failures < free)
    return G_MININT64;

  for (guint i = free; i < count->failures && delay < cap_usec; i++)
    delay *= 2;

  return count->last_failure_usec + MIN (delay, cap_usec);
}

guint
cpis_hub_throttle_begin (CpisHubThrottle *self,
                         const char      *username,
                         const char      *address,
                         gint64           now_usec)
{
  g_autofree char *account = account_key (username);
  Count *account_count = lookup (self, account, now_usec);
  gboolean under_attack = account_count != NULL && account_count->failures >= ACCOUNT_UNDER_ATTACK;
  Count *pair, *by_address;
  gint64 from;

  make_room (self, now_usec);
  pair = ensure (self, pair_key (username, address), now_usec);
  by_address = ensure (self, address_key (address), now_usec);

  from = MAX (allowed_from (pair, under_attack ? PAIR_FREE_UNDER_ATTACK : PAIR_FREE, PAIR_CAP_USEC),
              allowed_from (by_address, ADDRESS_FREE, ADDRESS_CAP_USEC));
  if (from > now_usec)
    return (guint) MAX (1, (from - now_usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  /* guesses side by side wait for the one being checked */
  if (pair->in_flight > 0 || by_address->in_flight >= CPIS_HUB_THROTTLE_MAX_IN_FLIGHT)
    return 1;

  pair->in_flight++;
  by_address->in_flight++;
  return 0;
}

void
cpis_hub_throttle_end (CpisHubThrottle        *self,
                       const char             *username,
                       const char             *address,
                       CpisHubThrottleOutcome  outcome,
                       gint64                  now_usec)
{
  g_autofree char *pair_name = pair_key (username, address);
  g_autofree char *address_name = address_key (address);
  Count *pair = g_hash_table_lookup (self->counts, pair_name);
  Count *by_address = g_hash_table_lookup (self->counts, address_name);

  if (pair != NULL && pair->in_flight > 0)
    pair->in_flight--;
  if (by_address != NULL && by_address->in_flight > 0)
    by_address->in_flight--;

  if (outcome == CPIS_HUB_THROTTLE_UNDECIDED)
    return;

  if (outcome == CPIS_HUB_THROTTLE_SIGNED_IN)
    {
      if (pair != NULL && pair->in_flight == 0)
        g_hash_table_remove (self->counts, pair_name);
      return;
    }

  make_room (self, now_usec);
  {
    char *keys[] = { g_strdup (pair_name), g_strdup (address_name), account_key (username) };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        Count *count = ensure (self, keys[i], now_usec);

        count->failures = count->failures < G_MAXUINT ? count->failures + 1 : count->failures;
        count->last_failure_usec = MAX (count->last_failure_usec, now_usec);
      }
  }
}
