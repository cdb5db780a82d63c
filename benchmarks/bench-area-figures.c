/* bench-area-figures.c: the partnership dashboard's answer at national volume
 *
 * Opens a hub database seeded at national scale (`cpis-hub seed --scale
 * national`; seeded here first, in minutes, when DB does not exist), serves
 * it on loopback in a thread of its own, signs a partnership officer of the
 * area of 10 LAs in, and times the dashboard's one request — the client's
 * call, over HTTP, decoded: what the officer waits for — for a year, a
 * quarter and 4 weeks of the whole area, and a year of one LA; beside each,
 * the hub's counting alone (cpis_hub_area_figures_compute on the store).
 * The first answer (a cold page cache, for the year) and the median of the
 * rest are printed side by side. A program that prints figures, never a
 * test that fails on a slow machine.
 *
 *   bench-area-figures DB [RUNS]
 */
#include <stdlib.h>

#include "cpis-date.h"
#include "cpis-hub-area-figures.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-seed-national.h"
#include "cpis-hub-server-thread.h"
#include "cpis-hub-store.h"
#include "cpis-hub-store-figures.h"
#include "cpis-test-util.h"

#define OFFICER  "bench-officer"
#define PASSWORD "bench-area-figures"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *times)
{
  g_array_sort (times, compare_gint64);
  return g_array_index (times, gint64, times->len / 2) / 1000.0;
}

static gint64
time_client (CpisHubClient *client,
             const GDate   *first,
             const GDate   *last,
             const char    *la)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisMeasureReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  cpis_hub_client_evaluate_area_figures_async (client, first, last, la, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  report = cpis_hub_client_evaluate_area_figures_finish (client, result, &error);
  if (report == NULL)
    g_error ("the figures were not given: %s", error->message);
  return g_get_monotonic_time () - started;
}

static gint64
time_compute (CpisHubStore *store,
              const char   *area,
              gint64        la_id,
              const GDate  *first,
              const GDate  *last)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  g_autoptr(CpisHubAreaFigures) figures =
    cpis_hub_area_figures_compute (store, area, la_id, first, last, g_get_real_time (), &error);

  if (figures == NULL)
    g_error ("the figures were not counted: %s", error->message);
  cpis_hub_area_figures_suppress (figures);
  return g_get_monotonic_time () - started;
}

/* The officer of the area of 10 LAs (the first LA's, N001), added once */
static const char *
add_officer (CpisHubStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) existing = cpis_hub_store_find_user (store, OFFICER, NULL, &error);
  g_autoptr(CpisHubOrganisation) la = NULL;
  g_autofree char *hash = NULL;
  static char area[256];
  CpisHubUser user = { 0 };

  g_assert_no_error (error);
  la = cpis_hub_store_find_organisation (store, "N001", &error);
  g_assert_no_error (error);
  if (la == NULL)
    g_error ("no LA N001: is this a national seed (cpis-hub seed --scale national)?");
  g_strlcpy (area, la->area, sizeof area);
  if (existing != NULL)
    return area;

  hash = cpis_hub_auth_hash_password (PASSWORD, &error);
  g_assert_no_error (error);
  user.username = (char *) OFFICER;
  user.role = CPIS_ROLE_PARTNERSHIP_OFFICER;
  user.full_name = (char *) "Benchmark Officer";
  user.organisation = la;
  g_assert_true (cpis_hub_store_add_user (store, &user, hash, &error));
  g_assert_no_error (error);
  g_free (user.practitioner_role_id);
  g_free (user.role_profile_id);
  return area;
}

typedef struct
{
  const char *label;
  int         days;  /* back from today, today included */
  gboolean    one_la;
} Case;

int
main (int    argc,
      char **argv)
{
  const char *path = argc > 1 ? argv[1] : "national.db";
  guint runs = argc > 2 ? (guint) MAX (atoi (argv[2]), 2) : 7;
  const Case cases[] = {
    { "the area, last 12 months", 365, FALSE },
    { "the area, last 3 months", 91, FALSE },
    { "the area, last 4 weeks", 28, FALSE },
    { "one LA, last 12 months", 365, TRUE },
  };
  g_autoptr(CpisHubStore) store = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(CpisHubOrganisation) la = NULL;
  g_autoptr(GError) error = NULL;
  CpisHubServerThread *server;
  const char *area;
  GDate today;

  cpis_date_today_uk (&today);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      CpisHubNationalScale scale;
      CpisHubNationalSummary summary = { 0 };
      g_autoptr(GPtrArray) accounts = NULL;
      gint64 started = g_get_monotonic_time ();

      cpis_hub_national_scale_init (&scale);
      g_print ("seeding %s at national scale (minutes)…\n", path);
      accounts = cpis_hub_seed_national (path, &scale, 1, &today, &summary, &error);
      g_assert_no_error (error);
      g_print ("seeded %u accesses, %u notifications in %.0f s\n", summary.n_accesses, summary.n_notifications,
               (g_get_monotonic_time () - started) / 1e6);
      cpis_hub_national_summary_clear (&summary);
    }

  store = cpis_hub_store_open (path, &error);
  g_assert_no_error (error);
  area = add_officer (store);
  la = cpis_hub_store_find_organisation (store, "N001", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) organisations = cpis_hub_store_list_area_organisations (store, area, &error);
    guint n_las = 0, n_settings = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < organisations->len; i++)
      {
        CpisHubOrganisation *organisation = g_ptr_array_index (organisations, i);

        if (organisation->kind == CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
          n_las++;
        else
          n_settings++;
      }
    g_print ("%s: %s, %u LAs and %u settings; %u runs each (the first, then the median of the rest)\n\n", path,
             area, n_las, n_settings, runs);
  }

  server = cpis_hub_server_thread_start (store, "bench-area-figures", NULL, NULL, &error);
  g_assert_no_error (error);
  client = cpis_test_client_signed_in (cpis_hub_server_thread_get_base_url (server), OFFICER, PASSWORD);

  g_print ("%-28s %14s %14s %14s %14s\n", "", "dashboard", "", "hub counting", "");
  g_print ("%-28s %14s %14s %14s %14s\n", "", "first ms", "median ms", "first ms", "median ms");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) answered = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) counted = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 first_answered = 0, first_counted = 0;
      GDate first = today;

      g_date_subtract_days (&first, cases[c].days - 1);
      for (guint r = 0; r < runs; r++)
        {
          gint64 a = time_client (client, &first, &today, cases[c].one_la ? la->ods_code : NULL);
          gint64 b = time_compute (store, area, cases[c].one_la ? la->id : 0, &first, &today);

          if (r == 0)
            {
              first_answered = a;
              first_counted = b;
              continue;
            }
          g_array_append_val (answered, a);
          g_array_append_val (counted, b);
        }
      g_print ("%-28s %14.1f %14.1f %14.1f %14.1f\n", cases[c].label, first_answered / 1000.0,
               median_ms (answered), first_counted / 1000.0, median_ms (counted));
    }

  g_clear_object (&client);
  cpis_hub_server_thread_stop (server);
  cpis_hub_store_close (store);
  return EXIT_SUCCESS;
}
