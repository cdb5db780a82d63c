/* cpis-test-access-history.h: synthetic accesses for the access history
 * widgets (the list and the timeline), for their test and the screenshot tool
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-access-event.h"

G_BEGIN_DECLS

/* The child whose record the accesses are to (synthetic, valid Modulus 11) */
#define CPIS_TEST_ACCESS_NHS_NUMBER "9990000026"

typedef struct
{
  const char *iso8601;       /* when, in UTC */
  const char *organisation;  /* NULL: no practitioner role */
  const char *code;
  const char *viewer;
  const char *role;
  const char *shown_time;    /* as UK staff read it */
} CpisTestAccessSpec;

/* Seven accesses from three organisations, newest first as the hub gives
 * them, between 1 Sep and 25 Nov 2026 */
#define CPIS_TEST_ACCESS_HISTORY_LENGTH 7
extern const CpisTestAccessSpec cpis_test_access_history[CPIS_TEST_ACCESS_HISTORY_LENGTH];

/* "Now" for the timeline: 25 Nov 2026, 14:30 UTC */
GDateTime       *cpis_test_access_now          (void);
/* An access as @spec says (@n numbers its ids) */
CpisAccessEvent *cpis_test_access_event_new    (const CpisTestAccessSpec *spec,
                                                guint                     n);
/* The accesses @specs in a list store, in that order */
GListStore      *cpis_test_access_store_new    (const CpisTestAccessSpec *specs,
                                                guint                     n_specs);
/* A CpisAccessTimeline of @store, at cpis_test_access_now() */
GtkWidget       *cpis_test_access_timeline_new (GListStore               *store);

G_END_DECLS
