/* test-ui-plans.c: the authority's plans, kept right, against the real hub,
 * under Xvfb
 *
 * A hub in-process on loopback and a session signed in over HTTP as a
 * social worker of Northgate Council. The plans page lists the authority's
 * plans (never another's), filtered and searched; the plan form refuses as
 * it is typed what the hub would refuse, uploads a plan, shows the hub's
 * code for one it refuses and keeps what was typed, and ends a plan; the
 * import dialog reads good, bad and hostile files, uploads, reports each
 * row and saves the report with formulas made inert; the exceptions page
 * puts a refused record right and dismisses another.
 */
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cpis-exceptions-page.h"
#include "cpis-plan-editor.h"
#include "cpis-plan-import-dialog.h"
#include "cpis-plans-page-private.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"

/* Synthetic NHS numbers (999 range, valid check digits) */
#define CHILD_CPP   "9991000003"
#define CHILD_LAC   "9991000038"
#define CHILD_ENDED "9991000046"
#define CHILD_NEW   "9991000054"
#define CHILD_SOUTH "9991000011"

#define CSV_HEADER "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date," \
                   "end_date,due_date,la_ods_code\n"

static CpisTestHub *
new_hub (void)
{
  CpisTestHub *hub = cpis_test_hub_new ();

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "LA2", "Southmoor Council", "local-authority", "South");
  cpis_test_hub_add_user (hub, "sw", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_patient (hub, CHILD_CPP, "TESTER", "Alex", "2016-04-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (hub, CHILD_LAC, "SAMPLE", "Sam", "2012-09-09", "male", NULL, FALSE,
                             NULL);
  cpis_test_hub_add_patient (hub, CHILD_ENDED, "EXAMPLE", "Jo", "2014-02-03", "male", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (hub, CHILD_NEW, "PATTERN", "Robin", "2019-07-08", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, CHILD_CPP, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2016-04-01");
  cpis_test_hub_add_named_plan (hub, CHILD_LAC, "LAC", "2024-05-06", NULL, NULL, "LA1",
                                "Sam SAMPLE", "2012-09-09");
  cpis_test_hub_add_named_plan (hub, CHILD_ENDED, "CPP", "2024-01-10", "2025-06-01", NULL, "LA1",
                                "Jo EXAMPLE", "2014-02-03");
  cpis_test_hub_add_named_plan (hub, CHILD_SOUTH, "CPP", "2025-03-04", NULL, NULL, "LA2",
                                "Kim SOUTHERN", "2015-05-05");
  return hub;
}

typedef struct
{
  CpisTestHub   *hub;
  CpisSession   *session;
  GtkWindow     *window;
  CpisPlansPage *page;
  char          *dir;      /* files of the test's own */
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  return _cpis_plans_page_is_loaded (((Fixture *) data)->page);
}

/* Signed in to @hub (the fixture's from then on) as the LA1 social worker, the page shown */
static void
fixture_open_on (Fixture     *fixture,
                 CpisTestHub *hub)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CpisUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  fixture->hub = hub;
  fixture->session = cpis_session_new ();
  cpis_session_sign_in_async (fixture->session, cpis_test_hub_get_base_url (fixture->hub), "sw",
                              PASSWORD, CPIS_PASSWORD_LEAVE, NULL, cpis_test_ui_store_result_cb,
                              &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  user = cpis_session_sign_in_finish (fixture->session, result, &error);
  g_assert_no_error (error);

  fixture->page = CPIS_PLANS_PAGE (cpis_plans_page_new ());
  cpis_plans_page_set_session (fixture->page, fixture->session);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  cpis_test_ui_iterate_until (page_loaded, fixture);
  fixture->dir = g_dir_make_tmp ("cpis-plans-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_open (Fixture *fixture)
{
  fixture_open_on (fixture, new_hub ());
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  cpis_test_hub_free (fixture->hub);
  g_assert_true (cpis_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
}

/* The plans shown, by NHS number */
static gboolean
shows (Fixture    *fixture,
       const char *nhs_number)
{
  GListModel *shown = _cpis_plans_page_get_shown (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (shown, i);

      if (g_str_equal (cpis_plan_get_nhs_number (plan), nhs_number))
        return TRUE;
    }
  return FALSE;
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (_cpis_plans_page_get_shown (fixture->page));
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  return cpis_test_ui_template_child (fixture->page, CPIS_TYPE_PLANS_PAGE, name);
}

/* The open window of @type, or NULL */
static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
no_editor (gpointer data)
{
  return find_window (CPIS_TYPE_PLAN_EDITOR) == NULL;
}

static gboolean
editor_idle (gpointer data)
{
  return !cpis_plan_editor_get_busy (data);
}

static CpisPlanEditor *
open_editor (Fixture *fixture)
{
  CpisPlanEditor *editor;

  g_signal_emit_by_name (page_child (fixture, "add_button"), "clicked");
  editor = CPIS_PLAN_EDITOR (find_window (CPIS_TYPE_PLAN_EDITOR));
  g_assert_nonnull (editor);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  return editor;
}

static gpointer
editor_child (CpisPlanEditor *editor,
              const char     *name)
{
  return cpis_test_ui_template_child (editor, CPIS_TYPE_PLAN_EDITOR, name);
}

static void
type_into (CpisPlanEditor *editor,
           const char     *row,
           const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, row)), text);
}

static const char *
problem (CpisPlanEditor *editor)
{
  GtkLabel *label = editor_child (editor, "problem_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static gboolean
can_upload (CpisPlanEditor *editor)
{
  return gtk_widget_is_sensitive (editor_child (editor, "save_button"));
}

static void
assert_problem (CpisPlanEditor *editor,
                const char     *part)
{
  const char *text = problem (editor);

  if (text == NULL || strstr (text, part) == NULL)
    g_error ("the form says %s%s%s, not “%s”", text != NULL ? "“" : "", text != NULL ? text : "nothing",
             text != NULL ? "”" : "", part);
  g_assert_false (can_upload (editor));
}

/* Tests ------------------------------------------------------------------- */

/* As typed: the entry waits a moment before it says the search changed */
static void
search_for (GtkEditable *search,
            const char  *text)
{
  gtk_editable_set_text (search, text);
  g_signal_emit_by_name (search, "search-changed");
}

static void
test_list_and_filter (void)
{
  Fixture fixture = { 0, };
  GtkDropDown *state;
  GtkDropDown *type;
  GtkEditable *search;

  fixture_open (&fixture);
  state = page_child (&fixture, "state_dropdown");
  type = page_child (&fixture, "type_dropdown");
  search = page_child (&fixture, "search_entry");

  /* active ones by default; never another authority's */
  g_assert_cmpuint (n_shown (&fixture), ==, 2);
  g_assert_true (shows (&fixture, CHILD_CPP));
  g_assert_true (shows (&fixture, CHILD_LAC));
  g_assert_false (shows (&fixture, CHILD_SOUTH));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "Alex TESTER");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "2 of 3 plans");

  gtk_drop_down_set_selected (state, CPIS_PLANS_PAGE_STATE_ENDED);
  g_assert_cmpuint (n_shown (&fixture), ==, 1);
  g_assert_true (shows (&fixture, CHILD_ENDED));
  gtk_drop_down_set_selected (state, CPIS_PLANS_PAGE_STATE_ALL);
  g_assert_cmpuint (n_shown (&fixture), ==, 3);
  gtk_drop_down_set_selected (type, 2); /* looked after children */
  g_assert_cmpuint (n_shown (&fixture), ==, 1);
  g_assert_true (shows (&fixture, CHILD_LAC));
  gtk_drop_down_set_selected (type, 0);

  search_for (search, "alex");
  g_assert_cmpuint (n_shown (&fixture), ==, 1);
  search_for (search, "999 100-0038");
  g_assert_cmpuint (n_shown (&fixture), ==, 1);
  g_assert_true (shows (&fixture, CHILD_LAC));
  search_for (search, "nobody");
  g_assert_cmpuint (n_shown (&fixture), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "No Matching Plans");

  /* signed out: nothing kept */
  cpis_session_end (fixture.session, CPIS_SESSION_END_SIGNED_OUT);
  g_assert_cmpuint (n_shown (&fixture), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  fixture_close (&fixture);
}

/* Checked as typed; uploaded; the list has it */
static void
test_add (void)
{
  Fixture fixture = { 0, };
  CpisPlanEditor *editor;

  fixture_open (&fixture);
  editor = open_editor (&fixture);
  assert_problem (editor, "NHS number");
  /* not one at a time: the rest counted (number, names, birth, start) */
  assert_problem (editor, "4 more fields need correcting");

  type_into (editor, "nhs_number_row", "999 100 0055"); /* a wrong check digit */
  assert_problem (editor, "check digit");
  type_into (editor, "nhs_number_row", "999 100 0054");
  assert_problem (editor, "family name");
  type_into (editor, "family_row", "PATTERN");
  type_into (editor, "given_row", "Robin");
  type_into (editor, "birth_row", "8/7/19");
  assert_problem (editor, "write the year in full");
  assert_problem (editor, "One more field needs correcting");
  type_into (editor, "birth_row", "31/2/2019");
  assert_problem (editor, "not a date that exists");
  type_into (editor, "birth_row", "July 2019");
  assert_problem (editor, "not a whole date");
  type_into (editor, "birth_row", "8/7/2999");
  assert_problem (editor, "in the future");
  type_into (editor, "birth_row", "8/7/2019");
  assert_problem (editor, "start date");
  type_into (editor, "start_row", "1/1/2019");
  assert_problem (editor, "before the date of birth");
  type_into (editor, "start_row", "2/11/2026");
  type_into (editor, "end_row", "1/11/2026");
  assert_problem (editor, "ends before it starts");
  type_into (editor, "end_row", "");
  /* an unborn child's plan needs the due date */
  adw_combo_row_set_selected (editor_child (editor, "type_row"), 2);
  assert_problem (editor, "expected date of delivery");
  adw_combo_row_set_selected (editor_child (editor, "type_row"), 0);
  g_assert_null (problem (editor));
  g_assert_true (can_upload (editor));

  g_signal_emit_by_name (editor_child (editor, "save_button"), "clicked");
  cpis_test_ui_iterate_until (no_editor, NULL);
  cpis_test_ui_iterate_until (page_loaded, &fixture);
  g_assert_true (shows (&fixture, CHILD_NEW));
  g_assert_cmpuint (n_shown (&fixture), ==, 3);

  fixture_close (&fixture);
}

/* The hub refuses a record whose names are not the demographics': its
 * code is shown, what was typed kept */
static void
test_add_refused (void)
{
  Fixture fixture = { 0, };
  CpisPlanEditor *editor;
  GtkLabel *message;

  fixture_open (&fixture);
  editor = open_editor (&fixture);
  type_into (editor, "nhs_number_row", CHILD_NEW);
  type_into (editor, "family_row", "PATTERSON");
  type_into (editor, "given_row", "Robin");
  type_into (editor, "birth_row", "8/7/2019");
  type_into (editor, "start_row", "2/11/2026");
  g_assert_true (can_upload (editor));
  g_signal_emit_by_name (editor_child (editor, "save_button"), "clicked");
  cpis_test_ui_iterate_until (editor_idle, editor);

  message = editor_child (editor, "message_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "CPR07"));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "What you typed is kept"));
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "family_row")), ==, "PATTERSON");
  g_assert_true (find_window (CPIS_TYPE_PLAN_EDITOR) == GTK_WINDOW (editor));
  g_assert_false (shows (&fixture, CHILD_NEW));

  gtk_window_destroy (GTK_WINDOW (editor));
  fixture_close (&fixture);
}

/* A plan opened, ended today, uploaded: shown as ended */
static void
test_end (void)
{
  Fixture fixture = { 0, };
  GtkColumnView *view;
  CpisPlanEditor *editor;
  GListModel *shown;
  guint position = G_MAXUINT;

  fixture_open (&fixture);
  view = page_child (&fixture, "column_view");
  shown = _cpis_plans_page_get_shown (fixture.page);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (shown, i);

      if (g_str_equal (cpis_plan_get_nhs_number (plan), CHILD_CPP))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_signal_emit_by_name (view, "activate", position);
  editor = CPIS_PLAN_EDITOR (find_window (CPIS_TYPE_PLAN_EDITOR));
  g_assert_nonnull (editor);

  /* which plan it is stays as it is */
  g_assert_false (gtk_editable_get_editable (editor_child (editor, "nhs_number_row")));
  g_assert_false (gtk_editable_get_editable (editor_child (editor, "start_row")));
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "family_row")), ==, "TESTER");
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "birth_row")), ==, "1/4/2016");
  g_signal_emit_by_name (editor_child (editor, "end_today_button"), "clicked");
  g_assert_null (problem (editor));
  g_signal_emit_by_name (editor_child (editor, "save_button"), "clicked");
  cpis_test_ui_iterate_until (no_editor, NULL);
  cpis_test_ui_iterate_until (page_loaded, &fixture);

  g_assert_false (shows (&fixture, CHILD_CPP)); /* active only */
  gtk_drop_down_set_selected (page_child (&fixture, "state_dropdown"),
                              CPIS_PLANS_PAGE_STATE_ENDED);
  g_assert_true (shows (&fixture, CHILD_CPP));

  fixture_close (&fixture);
}

/* Import ------------------------------------------------------------------ */

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
import_settled (gpointer data)
{
  const char *page = cpis_plan_import_dialog_get_page (data);

  return !g_str_equal (page, "reading") && !g_str_equal (page, "uploading");
}

static const char *
import_message (CpisPlanImportDialog *dialog)
{
  GtkLabel *label = cpis_test_ui_template_child (dialog, CPIS_TYPE_PLAN_IMPORT_DIALOG,
                                                 "message_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}

static void
open_and_wait (CpisPlanImportDialog *dialog,
               GFile                *file)
{
  cpis_plan_import_dialog_open_file (dialog, file);
  cpis_test_ui_iterate_until (import_settled, dialog);
}

/* The import dialog, as the page's button opens it */
static CpisPlanImportDialog *
open_import (Fixture *fixture)
{
  CpisPlanImportDialog *dialog;

  g_signal_emit_by_name (page_child (fixture, "import_button"), "clicked");
  dialog = CPIS_PLAN_IMPORT_DIALOG (find_window (CPIS_TYPE_PLAN_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_query_exists (data, NULL);
}

static void
test_import (void)
{
  Fixture fixture = { 0, };
  CpisPlanImportDialog *dialog;
  g_autoptr(GFile) wrong_header = NULL;
  g_autoptr(GFile) not_utf8 = NULL;
  g_autoptr(GFile) long_line = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(GFile) report = NULL;
  g_autoptr(GString) huge = g_string_new (CSV_HEADER);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report_path = NULL;

  fixture_open (&fixture);
  dialog = open_import (&fixture);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "choose");

  /* files that cannot be read: said, nothing sent */
  wrong_header = write_file (&fixture, "wrong.csv", "nhs,name\n9991000054,x\n", -1);
  open_and_wait (dialog, wrong_header);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "choose");
  g_assert_nonnull (strstr (import_message (dialog), "could not be read"));
  g_assert_nonnull (strstr (import_message (dialog), "Nothing was uploaded"));

  not_utf8 = write_file (&fixture, "latin1.csv", CSV_HEADER "9991000054,PATTERN,R\xf6" "bin,"
                                                 "2019-07-08,CPP,2026-11-02,,,LA1\n", -1);
  open_and_wait (dialog, not_utf8);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "choose");
  g_assert_nonnull (strstr (import_message (dialog), "could not be read"));

  g_string_append (huge, "9991000054,");
  for (guint i = 0; i < 10 * 1024 * 1024; i++)
    g_string_append_c (huge, 'A');
  g_string_append (huge, ",Robin,2019-07-08,CPP,2026-11-02,,,LA1\n");
  long_line = write_file (&fixture, "long.csv", huge->str, huge->len);
  open_and_wait (dialog, long_line);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "choose");
  g_assert_nonnull (strstr (import_message (dialog), "could not be read"));
  g_assert_false (shows (&fixture, CHILD_NEW));

  /* a good file with a bad row and a hostile one */
  good = write_file (&fixture, "plans.csv",
                     CSV_HEADER
                     "9991000054,PATTERN,Robin,2019-07-08,CPP,2026-11-02,,,LA1\n"
                     "9991000038,SAMPLE,Sam,2012-09-09,LAC,2024-05-06,,,LA1\n"
                     "9991000046,EXAMPEL,Jo,2014-02-03,CPP,2026-01-10,,,LA1\n"
                     "9991000003,\"=cmd|' /C calc'!A0\",Alex,2016-04-01,CPP,2025-01-02,,,LA1\n",
                     -1);
  open_and_wait (dialog, good);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "ready");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  cpis_test_ui_assert_shows (GTK_WIDGET (dialog), "4 Records Read");
  g_assert_false (shows (&fixture, CHILD_NEW)); /* nothing sent yet */

  g_signal_emit_by_name (cpis_test_ui_template_child (dialog, CPIS_TYPE_PLAN_IMPORT_DIALOG,
                                                      "upload_button"),
                         "clicked");
  cpis_test_ui_iterate_until (import_settled, dialog);
  g_assert_cmpstr (cpis_plan_import_dialog_get_page (dialog), ==, "report");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  cpis_test_ui_assert_shows (GTK_WIDGET (dialog), "2 of 4 records uploaded, 2 rejected");
  cpis_test_ui_assert_shows (GTK_WIDGET (dialog), "CPF03");
  cpis_test_ui_assert_shows (GTK_WIDGET (dialog), "Rejected");
  cpis_test_ui_save_screenshot (GTK_WIDGET (dialog), "social-worker-import-report");
  cpis_test_ui_iterate_until (page_loaded, &fixture);
  g_assert_true (shows (&fixture, CHILD_NEW));

  /* the report saved: the hostile cell inert */
  report_path = g_build_filename (fixture.dir, "report.csv", NULL);
  report = g_file_new_for_path (report_path);
  cpis_plan_import_dialog_save_to (dialog, report);
  cpis_test_ui_iterate_until (file_exists, report);
  while (strstr (import_message (dialog), "Report saved") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents (report_path, &saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (saved, "\"=cmd"));
  g_assert_nonnull (strstr (saved, "\"'=cmd"));
  g_assert_nonnull (strstr (saved, "CPR06"));
  g_assert_nonnull (strstr (saved, "CPR07"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_close (&fixture);
}

/* Exceptions --------------------------------------------------------------- */

static gboolean
n_open_is (CpisExceptionsPage *page,
           guint               n)
{
  return cpis_exceptions_page_get_n_open (page) == n;
}

static gboolean
two_open (gpointer data)
{
  return n_open_is (data, 2);
}

static gboolean
one_open (gpointer data)
{
  return n_open_is (data, 1);
}

static gboolean
none_open (gpointer data)
{
  return n_open_is (data, 0);
}

/* The button of @page's row for @nhs_number whose accessible name starts
 * with @action */
static GtkWidget *
row_button (GtkWidget  *root,
            const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = row_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_exceptions (void)
{
  Fixture fixture = { 0, };
  g_autoptr(GFile) file = NULL;
  CpisPlanImportDialog *dialog;
  CpisExceptionsPage *page;
  GtkWidget *window;
  CpisPlanEditor *editor;
  GtkListBox *list;
  AdwMessageDialog *confirm;

  fixture_open (&fixture);
  /* two refused records: a misspelt name, and a wrong number */
  file = write_file (&fixture, "refused.csv",
                     CSV_HEADER
                     "9991000054,PATERN,Robin,2019-07-08,CPP,2026-11-02,,,LA1\n"
                     "9991000062,NOBODY,Ann,2018-01-01,CPP,2026-11-02,,,LA1\n",
                     -1);
  dialog = open_import (&fixture);
  open_and_wait (dialog, file);
  g_signal_emit_by_name (cpis_test_ui_template_child (dialog, CPIS_TYPE_PLAN_IMPORT_DIALOG,
                                                      "upload_button"),
                         "clicked");
  cpis_test_ui_iterate_until (import_settled, dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  page = CPIS_EXCEPTIONS_PAGE (cpis_exceptions_page_new ());
  cpis_exceptions_page_set_session (page, fixture.session);
  window = cpis_test_ui_show_in_window (GTK_WIDGET (page), 1000);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  cpis_test_ui_iterate_until (two_open, page);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_assert_shows (GTK_WIDGET (page), "CPR07");
  cpis_test_ui_assert_shows (GTK_WIDGET (page), "CPR01");
  cpis_test_ui_assert_shows (GTK_WIDGET (page), "Robin PATERN, 999 100 0054");

  /* the misspelt one put right: the form filled in with what was sent */
  list = cpis_test_ui_template_child (page, CPIS_TYPE_EXCEPTIONS_PAGE, "list");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Robin"))
      g_signal_emit_by_name (row_button (row, "_Correct and Upload…"), "clicked");
  editor = CPIS_PLAN_EDITOR (find_window (CPIS_TYPE_PLAN_EDITOR));
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "family_row")), ==, "PATERN");
  /* and says what was refused */
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "message_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (editor_child (editor, "message_label")),
                            "Refused as CPR07"));
  g_assert_cmpstr (gtk_editable_get_text (editor_child (editor, "start_row")), ==, "2/11/2026");
  type_into (editor, "family_row", "PATTERN");
  g_signal_emit_by_name (editor_child (editor, "save_button"), "clicked");
  cpis_test_ui_iterate_until (no_editor, NULL);
  cpis_test_ui_iterate_until (one_open, page);

  /* the other dismissed, once confirmed */
  g_signal_emit_by_name (row_button (GTK_WIDGET (list), "_Dismiss"), "clicked");
  confirm = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "cancel");
  g_assert_cmpuint (cpis_exceptions_page_get_n_open (page), ==, 1);
  g_signal_emit_by_name (row_button (GTK_WIDGET (list), "_Dismiss"), "clicked");
  confirm = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "dismiss");
  cpis_test_ui_iterate_until (none_open, page);
  gtk_test_widget_wait_for_draw (window);
  cpis_test_ui_assert_shows (GTK_WIDGET (page), "No Upload Exceptions");

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_close (&fixture);
}

/* An unborn child's plan is held on the mother's record: its row says so,
 * and gives the due date where a child's date of birth would be, not the
 * mother's own */
static void
test_unborn (void)
{
  Fixture fixture = { 0, };
  CpisTestHub *hub = new_hub ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean mothers_birth_shown = FALSE;

  cpis_test_hub_add_patient (hub, CHILD_NEW, "PATTERN", "Robin", "1994-07-08", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, CHILD_NEW, "UCPP", "2026-10-01", NULL, "2027-03-03", "LA1",
                                "Robin PATTERN", "1994-07-08");
  fixture_open_on (&fixture, hub);
  g_assert_true (shows (&fixture, CHILD_NEW));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture.window));

  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "Robin PATTERN (mother)");
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "Due 3 March 2027");
  /* a child's row as before */
  cpis_test_ui_assert_shows (GTK_WIDGET (fixture.page), "Alex TESTER");
  cpis_test_ui_assert_does_not_show (GTK_WIDGET (fixture.page), "Alex TESTER (mother)");
  cpis_test_ui_collect_label_texts (GTK_WIDGET (fixture.page), texts);
  for (guint i = 0; i < texts->len; i++)
    mothers_birth_shown |= strstr (texts->pdata[i], "1994") != NULL;
  g_assert_false (mothers_birth_shown);

  fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  cpis_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/plans/list-and-filter", test_list_and_filter);
  g_test_add_func ("/ui/plans/add", test_add);
  g_test_add_func ("/ui/plans/add-refused", test_add_refused);
  g_test_add_func ("/ui/plans/end", test_end);
  g_test_add_func ("/ui/plans/import", test_import);
  g_test_add_func ("/ui/plans/exceptions", test_exceptions);
  g_test_add_func ("/ui/plans/unborn", test_unborn);

  return g_test_run ();
}
