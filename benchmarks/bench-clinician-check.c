/* bench-clinician-check.c: from Enter to the alert on screen, in the clinician view
 *
 * Starts the real hub in-process on loopback (a thread of its own), signs a
 * CpisHubClient in as an emergency department clinician, puts a
 * CpisClinicianView in a window and then, N rounds over, measures four
 * series, one check of each per round:
 *
 *   UI plan found   Enter on the NHS number of a child with a plan (and an
 *                   access history) until the first frame painted in the
 *                   "found" state
 *   UI no record    the same for a child the hub has no record of
 *   client ...      cpis_hub_client_check_child_async () to its callback, no
 *                   UI, for each child: what the network and the hub cost, so
 *                   the view's share is the difference
 *
 * For the UI series it also prints when the state changed (the result shown
 * in the widgets, before layout and paint), and for every series the
 * first check and the medians of the first and last tenth of the run
 * ("early", "late"), to show warm-up and costs that grow with the session's
 * recent checks. A program that prints figures, never a test that fails on
 * a slow machine. Run it on a display, e.g.
 *
 *   tests/run-xvfb.sh build/benchmarks/bench-clinician-check [N]
 *
 * with GSK_RENDERER=cairo as the tests do. Every check is unscheduled (an
 * emergency department), so each one that finds the plan is recorded: the
 * child's history grows from 10 accesses to the hub's limit of 25 within the
 * first rounds.
 */
#include <stdlib.h>

#include <adwaita.h>

#include "cpis-clinician-view-private.h"
#include "cpis-hub-client.h"
#include "cpis-session-private.h"
#include "cpis-test-hub.h"

/* Synthetic NHS numbers (999 range, valid check digits), as a scanner types them */
#define CHILD_PLAN       "9992000007"
#define CHILD_PLAN_TYPED "999 200 0007"
#define CHILD_NONE       "9992000015"
#define CHILD_NONE_TYPED "999-200-0015"

#define PASSWORD        "benchmark password"
#define N_PAST_ACCESSES 10
#define WAIT_LIMIT_USEC (30 * G_USEC_PER_SEC)

typedef struct
{
  const char *label;
  GArray     *usec;   /* gint64 */
  guint       failed;
} Series;

typedef struct
{
  CpisClinicianView *view;
  GtkWindow         *window;
  GtkEntry          *entry;

  /* the check being measured */
  gboolean           pending;
  const char        *expected_state;
  gint64             started;
  gint64             state_changed;
  gint64             painted;
  guint              frames;      /* painted while checking */

  /* the bare client call */
  CpisCheckResult   *result;
  gint64             answered;
  gboolean           done;
} Bench;

/* Figures */

static Series *
series_new (const char *label,
            guint       n)
{
  Series *series = g_new0 (Series, 1);

  series->label = label;
  series->usec = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  return series;
}

static void
series_free (Series *series)
{
  g_array_unref (series->usec);
  g_free (series);
}

static void
series_add (Series *series,
            gint64  usec)
{
  g_array_append_val (series->usec, usec);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest rank */
static double
percentile_ms (GArray *sorted,
               guint   percent)
{
  guint rank = (sorted->len * percent + 99) / 100;

  if (rank == 0)
    rank = 1;
  return g_array_index (sorted, gint64, rank - 1) / 1000.0;
}

/* Median of @count samples from @start, in taken order */
static double
median_ms (GArray *usec,
           guint   start,
           guint   count)
{
  g_autoptr(GArray) part = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);

  g_array_append_vals (part, &g_array_index (usec, gint64, start), count);
  g_array_sort (part, compare_gint64);
  return percentile_ms (part, 50);
}

/* "early" and "late": the medians of the first and last tenth of the run,
 * to show a cost that grows with the session */
static void
series_print (Series *series)
{
  g_autoptr(GArray) sorted = NULL;
  guint tenth;

  if (series->usec->len == 0)
    {
      g_print ("%-26s %5u  (no samples)  failed %u\n", series->label, 0, series->failed);
      return;
    }

  tenth = MAX (series->usec->len / 10, 1);
  sorted = g_array_copy (series->usec);
  g_array_sort (sorted, compare_gint64);
  g_print ("%-26s %5u %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %6u\n",
           series->label, sorted->len,
           percentile_ms (sorted, 50), percentile_ms (sorted, 90),
           percentile_ms (sorted, 99), percentile_ms (sorted, 100),
           g_array_index (series->usec, gint64, 0) / 1000.0,
           median_ms (series->usec, 0, tenth),
           median_ms (series->usec, series->usec->len - tenth, tenth),
           series->failed);
}

/* The hub */

static gint64
user_id (CpisTestHub *hub,
         const char  *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubUser) user = cpis_hub_store_find_user (cpis_test_hub_get_store (hub),
                                                          username, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user->id;
}

static CpisTestHub *
new_hub (void)
{
  static const char * const viewers[] = { "nurse", "doctor-south", "doctor-west" };
  CpisTestHub *hub = cpis_test_hub_new ();
  g_autoptr(CpisHubOrganisation) la = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_org (hub, "ED2", "Southmoor Urgent Treatment Centre", "unscheduled-care", "South");
  cpis_test_hub_add_org (hub, "ED3", "Westfield Minor Injuries Unit", "unscheduled-care", "West");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_user (hub, "doctor-south", PASSWORD, "clinician", "ED2");
  cpis_test_hub_add_user (hub, "doctor-west", PASSWORD, "clinician", "ED3");
  cpis_test_hub_add_plan (hub, CHILD_PLAN, "CPP", "2025-01-02", NULL, NULL, "LA1");

  /* a history: accesses from three settings over the past two months */
  la = cpis_hub_store_find_organisation (cpis_test_hub_get_store (hub), "LA1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (la);
  for (guint i = 0; i < N_PAST_ACCESSES; i++)
    {
      const char *viewer = viewers[i % G_N_ELEMENTS (viewers)];
      gint64 when = now - (gint64) (N_PAST_ACCESSES - i) * 6 * 24 * 3600 * G_USEC_PER_SEC;
      g_autofree char *id = NULL;

      id = cpis_hub_store_record_access (cpis_test_hub_get_store (hub), CHILD_PLAN,
                                         user_id (hub, viewer), when, &la->id, 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (id);
    }

  return hub;
}

/* The view */

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
state_is (Bench      *bench,
          const char *state)
{
  return g_str_equal (_cpis_clinician_view_get_state (bench->view), state);
}

/* Every frame: the first painted once the result is shown ends the check.
 * Results are shown only from main-loop callbacks, never inside a frame, so
 * a frame painted after the state changed has laid out and drawn it. */
static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  if (!bench->pending)
    return;

  if (state_is (bench, bench->expected_state))
    {
      bench->painted = g_get_monotonic_time ();
      bench->pending = FALSE;
    }
  else
    {
      bench->frames++;
    }
}

static void
drain (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
window_painted (gpointer data)
{
  Bench *bench = data;

  return gtk_widget_get_mapped (GTK_WIDGET (bench->window)) && !bench->pending;
}

/* Enter on @typed; FALSE if it failed or never painted */
static gboolean
check_in_view (Bench      *bench,
               const char *typed,
               const char *expected_state,
               gint64     *to_state,
               gint64     *to_painted)
{
  gint64 deadline;

  gtk_editable_set_text (GTK_EDITABLE (bench->entry), typed);

  bench->expected_state = expected_state;
  bench->state_changed = 0;
  bench->painted = 0;
  bench->frames = 0;
  bench->pending = TRUE;

  bench->started = g_get_monotonic_time ();
  g_signal_emit_by_name (bench->entry, "activate");

  if (!state_is (bench, "checking"))
    {
      g_printerr ("Enter on %s left the view in state \"%s\", not \"checking\"\n",
                  typed, _cpis_clinician_view_get_state (bench->view));
      bench->pending = FALSE;
      drain ();
      return FALSE;
    }

  deadline = bench->started + WAIT_LIMIT_USEC;
  while (bench->pending && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);

      if (bench->state_changed == 0 && !state_is (bench, "checking"))
        {
          bench->state_changed = g_get_monotonic_time ();
          if (!state_is (bench, expected_state))
            break;
        }
    }

  if (bench->pending || bench->state_changed == 0)
    {
      g_printerr ("Enter on %s: state \"%s\", expected \"%s\"%s\n",
                  typed, _cpis_clinician_view_get_state (bench->view), expected_state,
                  bench->pending ? " (or no frame painted)" : "");
      bench->pending = FALSE;
      drain ();
      return FALSE;
    }

  *to_state = bench->state_changed - bench->started;
  *to_painted = bench->painted - bench->started;

  /* let the frame's aftermath (accessibility, idle work) settle before the next Enter */
  drain ();
  return TRUE;
}

/* The bare client */

static void
check_child_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->answered = g_get_monotonic_time ();
  bench->result = cpis_hub_client_check_child_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (error != NULL)
    g_printerr ("check failed: %s\n", error->message);
  bench->done = TRUE;
}

static gboolean
check_with_client (Bench            *bench,
                   CpisHubClient    *client,
                   const char       *nhs_number,
                   CpisCheckOutcome  expected,
                   gint64           *elapsed)
{
  gboolean ok;

  bench->result = NULL;
  bench->done = FALSE;
  bench->started = g_get_monotonic_time ();
  cpis_hub_client_check_child_async (client, nhs_number, NULL, check_child_cb, bench);
  while (!bench->done)
    g_main_context_iteration (NULL, TRUE);

  *elapsed = bench->answered - bench->started;
  ok = bench->result != NULL && cpis_check_result_get_outcome (bench->result) == expected;
  if (!ok && bench->result != NULL)
    {
      const GError *check_error = cpis_check_result_get_error (bench->result);

      g_printerr ("client check of %s: outcome %d%s%s\n", nhs_number,
                  cpis_check_result_get_outcome (bench->result),
                  check_error != NULL ? ": " : "", check_error != NULL ? check_error->message : "");
    }
  g_clear_object (&bench->result);
  drain ();
  return ok;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(CpisHubClient) client = NULL;
  g_autoptr(CpisSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Bench bench = { 0, };
  CpisTestHub *hub;
  GdkFrameClock *clock;
  Series *ui_plan_state, *ui_plan, *ui_none_state, *ui_none, *client_plan, *client_none;
  gint64 deadline, accesses;

  if (n == 0)
    {
      g_printerr ("usage: bench-clinician-check [N]\n");
      return 2;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("bench-clinician-check: no display (run it under tests/run-xvfb.sh)\n");
      return 2;
    }
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/cpisdesktop/CpisDesktop/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  hub = new_hub ();
  client = cpis_test_hub_sign_in_client (hub, "nurse", PASSWORD);
  session = cpis_session_new ();
  _cpis_session_start_with_client (session, client, NULL);

  /* the view in a window, as the application shows it */
  bench.view = g_object_ref_sink (cpis_clinician_view_new ());
  bench.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (bench.window, "bench-clinician-check");
  gtk_window_set_default_size (bench.window, 1200, 800);
  gtk_window_set_child (bench.window, GTK_WIDGET (bench.view));
  cpis_clinician_view_set_session (bench.view, session);
  bench.entry = GTK_ENTRY (find_widget_of_type (GTK_WIDGET (_cpis_clinician_view_get_entry (bench.view)),
                                                GTK_TYPE_ENTRY));
  g_assert_nonnull (bench.entry);
  gtk_window_present (bench.window);

  /* wait for the first frame of the ready state */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.window));
  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  bench.expected_state = "ready";
  bench.pending = TRUE;
  deadline = g_get_monotonic_time () + WAIT_LIMIT_USEC;
  while (!window_painted (&bench) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!window_painted (&bench))
    {
      g_printerr ("bench-clinician-check: the window was never painted\n");
      return 1;
    }
  bench.pending = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (bench.entry));
  drain ();

  ui_plan = series_new ("UI plan found: painted", n);
  ui_plan_state = series_new ("UI plan found: state set", n);
  ui_none = series_new ("UI no record: painted", n);
  ui_none_state = series_new ("UI no record: state set", n);
  client_plan = series_new ("client only, plan found", n);
  client_none = series_new ("client only, no record", n);

  for (guint i = 0; i < n; i++)
    {
      gint64 to_state, to_painted, elapsed;

      if (check_in_view (&bench, CHILD_PLAN_TYPED, "found", &to_state, &to_painted))
        {
          series_add (ui_plan_state, to_state);
          series_add (ui_plan, to_painted);
        }
      else
        {
          ui_plan->failed++;
        }

      if (check_in_view (&bench, CHILD_NONE_TYPED, "no-record", &to_state, &to_painted))
        {
          series_add (ui_none_state, to_state);
          series_add (ui_none, to_painted);
        }
      else
        {
          ui_none->failed++;
        }

      if (check_with_client (&bench, client, CHILD_PLAN, CPIS_CHECK_OUTCOME_PLANS_FOUND, &elapsed))
        series_add (client_plan, elapsed);
      else
        client_plan->failed++;

      if (check_with_client (&bench, client, CHILD_NONE, CPIS_CHECK_OUTCOME_NO_RECORD, &elapsed))
        series_add (client_none, elapsed);
      else
        client_none->failed++;
    }

  accesses = cpis_hub_store_count_accesses (cpis_test_hub_get_store (hub), CHILD_PLAN, &error);
  g_assert_no_error (error);

  g_print ("clinician check, Enter to drawn alert: %u rounds, hub in-process on loopback, "
           "GSK_RENDERER=%s\n", n, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");
  g_print ("%-26s %5s %7s %7s %7s %7s %7s %7s %7s %6s\n",
           "ms", "count", "median", "p90", "p99", "max", "first", "early", "late", "failed");
  series_print (ui_plan);
  series_print (ui_plan_state);
  series_print (ui_none);
  series_print (ui_none_state);
  series_print (client_plan);
  series_print (client_none);
  g_print ("accesses recorded for the child with a plan: %" G_GINT64_FORMAT
           " (%u before the run; the hub shows the newest 25)\n", accesses, N_PAST_ACCESSES);

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, &bench);
  gtk_window_destroy (bench.window);
  g_object_unref (bench.view);
  drain ();

  series_free (ui_plan);
  series_free (ui_plan_state);
  series_free (ui_none);
  series_free (ui_none_state);
  series_free (client_plan);
  series_free (client_none);
  g_clear_object (&client);
  cpis_test_hub_free (hub);

  return 0;
}
