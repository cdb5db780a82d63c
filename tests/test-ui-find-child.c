/* test-ui-find-child.c: finding a child without the NHS number (hazard 13 of
 * docs/clinical-safety.md)
 *
 * The find-a-child dialog opened from the clinician view, in real windows
 * under Xvfb, searching the real hub's demographics in-process on loopback.
 * What a screen reader reads and what the keyboard does are taken from
 * outside the process, as they are met: the accessible tree over the
 * accessibility bus, and keys pressed through the X server
 * (tests/cpis-test-atspi.py). For that the test runs in a D-Bus session of
 * its own, started inside the X server, with its own accessibility bus.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "cpis-find-child-dialog.h"
#include "cpis-nhs-number.h"
#include "cpis-nhs-number-entry.h"
#include "cpis-test-clinician.h"
#include "cpis-test-hub.h"
#include "cpis-test-ui.h"

#define PASSWORD "correct horse battery"
#define DIALOG_TITLE "Find a Child"

/* Keysyms, as X names them */
#define XK_RETURN "0xff0d"
#define XK_ESCAPE "0xff1b"
#define XK_CTRL_F "ctrl+0x66"

/* The accessibility bus of the private session */

static GSubprocess *a11y_launcher;

static gboolean
bus_has_name (GDBusConnection *bus,
              const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has);
  return has;
}

static void
start_accessibility_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  /* its chatter to standard error: standard output is the TAP stream */
  a11y_launcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                    "/usr/libexec/at-spi-bus-launcher", "--launch-immediately",
                                    NULL);
  g_assert_no_error (error);
  while (!bus_has_name (bus, "org.a11y.Bus"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

static void
stop_accessibility_bus (void)
{
  if (a11y_launcher == NULL)
    return;
  g_subprocess_send_signal (a11y_launcher, SIGTERM);
  g_subprocess_wait (a11y_launcher, NULL, NULL);
  g_clear_object (&a11y_launcher);
}

/* The private runtime folder, and all in it (a bus going away may still be
 * tidying up in it: what it leaves is not the test's failure) */
static void
remove_folder (const char *path)
{
  if (path == NULL || !g_str_has_prefix (path, g_get_tmp_dir ()) ||
      strstr (path, "cpis-find-child-") == NULL)
    return;
  cpis_test_remove_tree (path);
}

/* tests/cpis-test-atspi.py, run while the main loop turns; its standard output */
static char *
run_atspi (const char *first,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *python = g_getenv ("CPIS_PYTHON3");
  va_list ap;

  g_ptr_array_add (args, g_strdup (python != NULL ? python : "/usr/bin/python3"));
  g_ptr_array_add (args, g_test_build_filename (G_TEST_DIST, "cpis-test-atspi.py", NULL));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  helper = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (helper, NULL, NULL, cpis_test_ui_store_result_cb, &result);
  cpis_test_ui_iterate_until (cpis_test_ui_pointer_set, &result);
  g_subprocess_communicate_utf8_finish (helper, result, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);

  return g_steal_pointer (&out);
}

/* The accessible tree of this process's window called @window_name */
static JsonArray *
accessible_tree (const char *window_name)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *out = run_atspi ("tree", pid, window_name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
dump_tree (JsonArray *tree)
{
  for (guint i = 0; i < json_array_get_length (tree); i++)
    {
      JsonObject *node = json_array_get_object_element (tree, i);
      g_autofree char *indent = g_strnfill (json_object_get_int_member (node, "depth") * 2, ' ');

      g_test_message ("%s%s “%s” “%s”", indent, json_object_get_string_member (node, "role"),
                      json_object_get_string_member (node, "name"),
                      json_object_get_string_member (node, "description"));
    }
}

/* Synthetic children, with valid check digits in the 999 range */

typedef struct
{
  char *tester;    /* Alex TESTER, female, a CPP */
  char *reuben;    /* Reuben OKAFOR, male… */
  char *rosa;      /* …and Rosa OKAFOR, female, born the same day */
  char *robin;     /* Robin OKAFOR, the same day again, gender recorded as not known */
} Children;

static void
children_clear (Children *children)
{
  g_clear_pointer (&children->tester, g_free);
  g_clear_pointer (&children->reuben, g_free);
  g_clear_pointer (&children->rosa, g_free);
  g_clear_pointer (&children->robin, g_free);
}

static CpisTestHub *
new_hub (Children *children)
{
  CpisTestHub *hub = cpis_test_hub_new ();
  guint serial = 720000;

  children->tester = cpis_test_nhs_number (serial += 10);
  children->reuben = cpis_test_nhs_number (serial += 10);
  children->rosa = cpis_test_nhs_number (serial += 10);
  children->robin = cpis_test_nhs_number (serial += 10);

  cpis_test_hub_add_org (hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (hub, "nurse", PASSWORD, "clinician", "ED1");

  cpis_test_hub_add_patient (hub, children->tester, "TESTER", "Alex", "2015-06-01", "female",
                             "ZZ99 3VZ", FALSE, NULL);
  cpis_test_hub_add_named_plan (hub, children->tester, "CPP", "2025-01-02", NULL, NULL, "LA1",
                                "Alex TESTER", "2015-06-01");
  cpis_test_hub_add_patient (hub, children->reuben, "OKAFOR", "Reuben", "2018-05-06", "male",
                             "ZZ99 4WX", FALSE, NULL);
  cpis_test_hub_add_patient (hub, children->rosa, "OKAFOR", "Rosa", "2018-05-06", "female",
                             "ZZ99 4WX", FALSE, NULL);
  cpis_test_hub_add_patient (hub, children->robin, "OKAFOR", "Robin", "2018-05-06", "unknown",
                             "ZZ99 5YZ", FALSE, NULL);

  return hub;
}

/* The dialog */

/* Positions in the gender row */
enum
{
  GENDER_NOT_CHOSEN,
  GENDER_FEMALE,
  GENDER_MALE,
  GENDER_OTHER,
  GENDER_ANY,
};

static CpisFindChildDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CPIS_IS_FIND_CHILD_DIALOG (window))
        return CPIS_FIND_CHILD_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return find_dialog () == NULL;
}

static gpointer
child (CpisFindChildDialog *dialog,
       const char          *name)
{
  return cpis_test_ui_template_child (dialog, CPIS_TYPE_FIND_CHILD_DIALOG, name);
}

/* As Ctrl+F does: clinician.find-child */
static CpisFindChildDialog *
open_dialog (CpisTestClinician *fixture)
{
  CpisFindChildDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "clinician.find-child",
                                             NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
open_view (CpisTestClinician *fixture,
           CpisTestHub       *hub,
           int                width,
           int                height)
{
  cpis_test_clinician_open (fixture, cpis_test_hub_sign_in_client (hub, "nurse", PASSWORD),
                            width, height);
}

static void
fill (CpisFindChildDialog *dialog,
      const char          *family,
      const char          *given,
      const char          *birth,
      guint                gender,
      const char          *postcode)
{
  gtk_editable_set_text (child (dialog, "family_row"), family);
  gtk_editable_set_text (child (dialog, "given_row"), given);
  gtk_editable_set_text (child (dialog, "birth_row"), birth);
  adw_combo_row_set_selected (child (dialog, "gender_row"), gender);
  gtk_editable_set_text (child (dialog, "postcode_row"), postcode);
}

/* A condition: the dialog shows the answer to a search (or what it lacks) */
static gboolean
answered (gpointer data)
{
  GtkLabel *message = child (data, "message_label");

  return gtk_widget_get_visible (GTK_WIDGET (message)) &&
         !g_str_equal (gtk_label_get_text (message), "Searching…");
}

static const char *
message_of (CpisFindChildDialog *dialog)
{
  return gtk_label_get_text (child (dialog, "message_label"));
}

/* Search pressed; waits for the answer and returns its words */
static const char *
search (CpisFindChildDialog *dialog)
{
  GtkWidget *button = child (dialog, "search_button");

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  cpis_test_ui_iterate_until (answered, dialog);
  g_test_message ("Answer: %s", message_of (dialog));
  return message_of (dialog);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not say “%s”", text, part);
}

static gboolean
match_shown (CpisFindChildDialog *dialog)
{
  return gtk_widget_get_mapped (child (dialog, "match_box"));
}

/* A condition: the focus is on the match's check button */
static gboolean
check_button_focused (gpointer data)
{
  return gtk_window_get_focus (GTK_WINDOW (data)) == child (data, "check_button");
}

/* A condition: the dialog is the window the keyboard types into */
static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* Whether @widget lies wholly inside what @scroller shows */
static gboolean
inside (GtkWidget *widget,
        GtkWidget *scroller)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;

  g_test_message ("%s at y %g–%g; the scroller shows 0–%d",
                  G_OBJECT_TYPE_NAME (widget), bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (scroller));
  return bounds.size.width > 0 && bounds.size.height > 0 &&
         bounds.origin.y >= 0 && bounds.origin.x >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scroller);
}

/* 1. No default gender: Search waits for a choice, and says what it lacks */

static void
test_gender_not_chosen (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  CpisFindChildDialog *dialog;
  GtkWidget *search_button;
  GtkLabel *needed;
  GtkStringObject *shown;

  open_view (&fixture, hub, 1000, 760);
  dialog = open_dialog (&fixture);
  search_button = child (dialog, "search_button");
  needed = child (dialog, "needed_label");

  /* nothing chosen, and the row says so */
  g_assert_cmpuint (adw_combo_row_get_selected (child (dialog, "gender_row")), ==,
                    GENDER_NOT_CHOSEN);
  shown = adw_combo_row_get_selected_item (child (dialog, "gender_row"));
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "Not chosen");
  g_assert_false (gtk_widget_get_sensitive (search_button));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (needed)));
  assert_contains (gtk_label_get_text (needed), "family name");
  cpis_test_ui_save_screenshot (GTK_WIDGET (dialog), "find-child-start");

  /* family name and date of birth: still the gender */
  fill (dialog, "Okafor", "", "6/5/2018", GENDER_NOT_CHOSEN, "");
  g_assert_false (gtk_widget_get_sensitive (search_button));
  g_assert_cmpstr (gtk_label_get_text (needed), ==, "To search, choose the gender (or “Not sure”).");

  /* Enter in a field says so too, and takes the focus to the gender */
  g_signal_emit_by_name (child (dialog, "family_row"), "entry-activated");
  g_assert_cmpstr (message_of (dialog), ==, "To search, choose the gender (or “Not sure”).");
  g_assert_true (gtk_widget_get_visible (child (dialog, "message_label")));
  g_assert_true (gtk_widget_has_focus (child (dialog, "gender_row")));

  /* half a date, or no family name: not yet either */
  fill (dialog, "Okafor", "", "6/2018", GENDER_MALE, "");
  g_assert_false (gtk_widget_get_sensitive (search_button));
  assert_contains (gtk_label_get_text (needed), "whole date of birth");
  fill (dialog, "  ", "", "6/5/2018", GENDER_MALE, "");
  g_assert_false (gtk_widget_get_sensitive (search_button));
  g_assert_cmpstr (gtk_label_get_text (needed), ==, "To search, give the family name.");

  /* all three: Search, and nothing said to be missing */
  fill (dialog, "Okafor", "", "6/5/2018", GENDER_MALE, "");
  g_assert_true (gtk_widget_get_sensitive (search_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (needed)));
  g_assert_false (gtk_widget_get_visible (child (dialog, "message_label")));

  /* the gender recorded otherwise than chosen: the no-match words say to
   * check it, and how to search without it */
  fill (dialog, "Okafor", "Robin", "6/5/2018", GENDER_MALE, "");
  assert_contains (search (dialog), "No one matches.");
  assert_contains (message_of (dialog), "the gender");
  assert_contains (message_of (dialog), "“Not sure”");
  g_assert_false (match_shown (dialog));

  /* "Not sure" searches every recorded gender ("not known" included) */
  fill (dialog, "Okafor", "Robin", "6/5/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "One match.");
  g_assert_true (match_shown (dialog));
  cpis_test_ui_assert_shows (child (dialog, "match_box"), "Robin OKAFOR");

  /* three of that name and birthday, of three genders */
  fill (dialog, "Okafor", "", "6/5/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "3 people match.");
  assert_contains (message_of (dialog), "given name (the whole name, as recorded)");
  g_assert_false (match_shown (dialog));
  fill (dialog, "Okafor", "", "6/5/2018", GENDER_FEMALE, "");
  assert_contains (search (dialog), "One match.");
  cpis_test_ui_assert_shows (child (dialog, "match_box"), "Rosa OKAFOR");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* 2. The given name is matched whole, and the words say so */

static void
test_given_name_whole (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  CpisFindChildDialog *dialog;

  open_view (&fixture, hub, 1000, 760);
  dialog = open_dialog (&fixture);

  /* three children of that family name and birthday */
  fill (dialog, "OKAFOR", "", "06/05/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "3 people match. Add the given name (the whole name, as "
                                    "recorded) or the postcode");

  /* part of the given name finds no one, and the words say why */
  fill (dialog, "OKAFOR", "Reu", "06/05/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "No one matches.");
  assert_contains (message_of (dialog), "The given name must be the whole given name as recorded");
  assert_contains (message_of (dialog), "not part of it or a nickname: try without it.");
  g_assert_false (match_shown (dialog));

  /* a wildcard is refused before anything is sent */
  fill (dialog, "OKAFOR", "Reu*", "06/05/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "whole name");
  g_assert_false (match_shown (dialog));

  /* the whole name, in any case: the one child */
  fill (dialog, "OKAFOR", " reuben ", "06/05/2018", GENDER_ANY, "");
  assert_contains (search (dialog), "One match.");
  cpis_test_ui_assert_shows (child (dialog, "match_box"), "Reuben OKAFOR");

  /* a postcode not on the record: said too */
  fill (dialog, "OKAFOR", "", "06/05/2018", GENDER_MALE, "ZZ99 9ZZ");
  assert_contains (search (dialog), "No one matches.");
  assert_contains (message_of (dialog), "The postcode must be the one on the child’s record");
  g_assert_null (strstr (message_of (dialog), "given name"));

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* What is shown belongs to what the fields say now */

static void
test_stale_answer (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  CpisFindChildDialog *dialog;

  open_view (&fixture, hub, 1000, 760);
  dialog = open_dialog (&fixture);

  /* a match, then a field edited: the match goes at once */
  fill (dialog, "Tester", "", "1/6/2015", GENDER_FEMALE, "");
  assert_contains (search (dialog), "One match.");
  g_assert_true (match_shown (dialog));
  gtk_editable_set_text (child (dialog, "birth_row"), "1/6/2016");
  g_assert_false (match_shown (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, "message_label")));

  /* a search whose fields change before it is answered: never shown; the
   * next search's answer is */
  fill (dialog, "Tester", "", "1/6/2015", GENDER_FEMALE, "");
  g_signal_emit_by_name (child (dialog, "search_button"), "clicked");
  g_assert_cmpstr (message_of (dialog), ==, "Searching…");
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "search_button")));
  gtk_editable_set_text (child (dialog, "family_row"), "Nobody");
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "search_button")));
  assert_contains (search (dialog), "No one matches.");
  cpis_test_clinician_settle ();
  g_assert_false (match_shown (dialog));
  assert_contains (message_of (dialog), "No one matches.");

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* A condition: the dialog's words lie inside what its scroller shows, once
 * a frame has laid them out (between frames, a label's place may be the one
 * of its words before) */
static gboolean
message_on_screen (gpointer data)
{
  gtk_test_widget_wait_for_draw (data);
  return inside (child (data, "message_label"), child (data, "scroller"));
}

/* 3. The match and its button on screen after the search, at the dialog's
 * own size on an 800 × 600 screen, and with large text */

static void
assert_match_on_screen (double      text_scale,
                        const char *screenshot)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  GtkSettings *settings = gtk_settings_get_default ();
  CpisFindChildDialog *dialog;
  GtkWidget *scroller;
  int dpi = 0;
  int width = 0, height = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * text_scale), NULL);

  open_view (&fixture, hub, 800, 600);
  dialog = open_dialog (&fixture);
  scroller = child (dialog, "scroller");

  /* its own size fits an 800 × 600 screen, with room for a top bar */
  gtk_window_get_default_size (GTK_WINDOW (dialog), &width, &height);
  g_assert_cmpint (width, <=, 800);
  g_assert_cmpint (height, <=, 560);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 560);

  fill (dialog, "Tester", "Alex", "1/6/2015", GENDER_FEMALE, "ZZ99 3VZ");
  assert_contains (search (dialog), "One match.");

  /* once laid out, scrolled to: the focus on the check button, the button,
   * who it is and the words above it all on screen */
  cpis_test_ui_iterate_until (check_button_focused, dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (inside (child (dialog, "check_button"), scroller));
  g_assert_true (inside (child (dialog, "match_name_label"), scroller));
  g_assert_true (inside (child (dialog, "match_number_label"), scroller));
  if (text_scale == 1.0)
    g_assert_true (inside (child (dialog, "message_label"), scroller));
  cpis_test_ui_save_screenshot (GTK_WIDGET (dialog), screenshot);

  /* a search that finds no one, from the top: its words scrolled to */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                            0);
  fill (dialog, "Nobody", "", "1/6/2015", GENDER_FEMALE, "");
  gtk_widget_grab_focus (child (dialog, "family_row"));
  assert_contains (search (dialog), "No one matches.");
  cpis_test_ui_iterate_until (message_on_screen, dialog);
  if (text_scale == 1.0)
    cpis_test_ui_save_screenshot (GTK_WIDGET (dialog), "find-child-no-match");

  cpis_test_clinician_close (&fixture);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

static void
test_layout_800x600 (void)
{
  assert_match_on_screen (1.0, "find-child-800x600");
}

static void
test_layout_large_text (void)
{
  assert_match_on_screen (1.5, "find-child-large-text");
}

/* 4. One accessible name per control, as a screen reader reads it */

static JsonObject *
node_named (JsonArray  *tree,
            const char *role,
            const char *name)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (tree); i++)
    {
      JsonObject *node = json_array_get_object_element (tree, i);

      if (g_str_equal (json_object_get_string_member (node, "role"), role) &&
          g_str_equal (json_object_get_string_member (node, "name"), name))
        {
          if (found != NULL)
            g_error ("Two %ss called “%s”", role, name);
          found = node;
        }
    }

  if (found == NULL)
    {
      dump_tree (tree);
      g_error ("No %s called “%s” in the accessible tree", role, name);
    }
  return found;
}

/* No control's name repeats itself ("Family name Family name") or carries a
 * mnemonic's underscore ("_Search Search") */
static void
assert_names_single (JsonArray *tree)
{
  const char * const controls[] = { "text", "combo box", "push button", "check box", NULL };

  for (guint i = 0; i < json_array_get_length (tree); i++)
    {
      JsonObject *node = json_array_get_object_element (tree, i);
      const char *name = json_object_get_string_member (node, "name");
      gsize length = strlen (name);

      if (!g_strv_contains (controls, json_object_get_string_member (node, "role")))
        continue;
      g_assert_cmpuint (length, >, 0);
      g_assert_null (strchr (name, '_'));
      if (length % 2 == 1 && name[length / 2] == ' ')
        g_assert_false (strncmp (name, name + length / 2 + 1, length / 2) == 0);
    }
}

static void
test_accessible_names (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  g_autoptr(JsonArray) tree = NULL;
  CpisFindChildDialog *dialog;
  JsonObject *node;

  open_view (&fixture, hub, 1000, 760);
  dialog = open_dialog (&fixture);

  /* in process: what GTK holds, the cause of the doubled names taken away */
  gtk_test_accessible_assert_property (child (dialog, "given_row"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Given name");
  g_assert_false (gtk_test_accessible_has_relation (child (dialog, "given_row"),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (child (dialog, "family_row"),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_false (gtk_test_accessible_has_property (child (dialog, "gender_row"),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_false (gtk_test_accessible_has_property (child (dialog, "search_button"),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_role (child (dialog, "gender_row"), GTK_ACCESSIBLE_ROLE_COMBO_BOX);

  /* from outside, as a screen reader reads them */
  tree = accessible_tree (DIALOG_TITLE);
  node_named (tree, "text", "Family name");
  node = node_named (tree, "text", "Given name");
  g_assert_cmpstr (json_object_get_string_member (node, "description"), ==,
                   "Optional. The whole given name, as recorded.");
  node = node_named (tree, "text", "Date of birth");
  assert_contains (json_object_get_string_member (node, "description"), "1/4/2016");
  node_named (tree, "combo box", "Gender");
  node = node_named (tree, "text", "Postcode");
  assert_contains (json_object_get_string_member (node, "description"), "Optional");
  node_named (tree, "push button", "Search");
  assert_names_single (tree);

  /* the match, and its button, described by who it is */
  fill (dialog, "Tester", "", "1/6/2015", GENDER_FEMALE, "");
  assert_contains (search (dialog), "One match.");
  cpis_test_ui_iterate_until (check_button_focused, dialog);
  g_clear_pointer (&tree, json_array_unref);
  tree = accessible_tree (DIALOG_TITLE);
  node = node_named (tree, "push button", "Check CP-IS for This Child");
  assert_contains (json_object_get_string_member (node, "description"), "Alex TESTER");
  assert_contains (json_object_get_string_member (node, "description"), "999 ");
  node_named (tree, "label", "One match. Check that it is this child (name, date of birth, "
                             "postcode) before checking CP-IS.");
  node_named (tree, "label", "Alex TESTER");
  assert_names_single (tree);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

/* 5. The keyboard, through the X server: Ctrl+F opens the dialog with the
 * focus in the family name; Enter in any field searches; one match takes
 * the focus to its check button, so Enter checks the child; Escape closes */

/* The NHS number in the clinician view's field */
static const char *
number_in_view (CpisTestClinician *fixture)
{
  return cpis_nhs_number_entry_get_nhs_number (_cpis_clinician_view_get_entry (fixture->view));
}

static void
press (const char *key)
{
  g_autofree char *out = run_atspi ("keys", key, NULL);
}

static void
test_keyboard (void)
{
  Children children = { 0, };
  CpisTestHub *hub = new_hub (&children);
  CpisTestClinician fixture = { 0, };
  CpisFindChildDialog *dialog;
  const char * const fields[] = { "family_row", "given_row", "birth_row", "postcode_row" };

  open_view (&fixture, hub, 1000, 760);
  cpis_test_ui_iterate_until (window_active, fixture.window);
  gtk_widget_grab_focus (GTK_WIDGET (fixture.entry));

  press (XK_CTRL_F);
  cpis_test_ui_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  cpis_test_ui_iterate_until (window_active, dialog);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                         child (dialog, "family_row")));

  /* Enter in each field searches */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      fill (dialog, "Okafor", "", "6/5/2018", GENDER_OTHER, "");
      g_assert_false (gtk_widget_get_visible (child (dialog, "message_label")));
      gtk_widget_grab_focus (child (dialog, fields[i]));
      press (XK_RETURN);
      cpis_test_ui_iterate_until (answered, dialog);
      g_test_message ("Enter in %s: %s", fields[i], message_of (dialog));
      assert_contains (message_of (dialog), "No one matches.");
    }

  /* one match: the focus on its button, and Enter checks the child */
  fill (dialog, "Tester", "", "1/6/2015", GENDER_FEMALE, "");
  gtk_widget_grab_focus (child (dialog, "birth_row"));
  press (XK_RETURN);
  cpis_test_ui_iterate_until (answered, dialog);
  assert_contains (message_of (dialog), "One match.");
  cpis_test_ui_iterate_until (check_button_focused, dialog);
  press (XK_RETURN);
  cpis_test_ui_iterate_until (dialog_closed, NULL);
  cpis_test_ui_iterate_until (cpis_test_clinician_check_done, &fixture);
  g_assert_cmpstr (_cpis_clinician_view_get_state (fixture.view), ==, "found");
  g_assert_cmpstr (number_in_view (&fixture), ==, children.tester);

  /* Escape closes it, and nothing is checked. (With no window manager here
   * to hand the keyboard back to the main window, the test does.) */
  gtk_window_present (fixture.window);
  cpis_test_ui_iterate_until (window_active, fixture.window);
  press (XK_CTRL_F);
  cpis_test_ui_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  cpis_test_ui_iterate_until (window_active, dialog);
  press (XK_ESCAPE);
  cpis_test_ui_iterate_until (dialog_closed, NULL);
  g_assert_cmpstr (number_in_view (&fixture), ==, children.tester);

  cpis_test_clinician_close (&fixture);
  cpis_test_hub_free (hub);
  children_clear (&children);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  /* A D-Bus session of our own, inside the X server, for the accessibility
   * bus and for keys pressed through it (they go through the X server of
   * whoever started the registry); this process waits for it and tidies up */
  if (g_strcmp0 (g_getenv ("CPIS_TEST_OWN_SESSION"), "1") != 0)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *runtime_dir = g_dir_make_tmp ("cpis-find-child-XXXXXX", &error);
      int wait_status = 0;

      if (runtime_dir == NULL)
        {
          g_printerr ("Could not make a runtime folder: %s\n", error->message);
          return 1;
        }
      /* The accessibility bus's socket lives in the runtime folder (else in
       * ~/.cache/at-spi/bus, where every session's would be the same one,
       * and ours, going away, would take the other tests' with it) */
      g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
      g_setenv ("CPIS_TEST_OWN_SESSION", "1", TRUE);
      g_ptr_array_add (args, (char *) "dbus-run-session");
      g_ptr_array_add (args, (char *) "--");
      for (int i = 0; i < argc; i++)
        g_ptr_array_add (args, argv[i]);
      g_ptr_array_add (args, NULL);
      if (!g_spawn_sync (NULL, (char **) args->pdata, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
                         NULL, &wait_status, &error))
        {
          g_printerr ("Could not start dbus-run-session: %s\n", error->message);
          wait_status = 1 << 8;
        }
      remove_folder (runtime_dir);

      if (WIFSIGNALED (wait_status))
        return 128 + WTERMSIG (wait_status);
      return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 1;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* the accessibility tree is what this test reads */
  g_unsetenv ("GTK_A11Y");
  start_accessibility_bus ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/cpisdesktop/CpisDesktop/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/find-child/gender/not-chosen", test_gender_not_chosen);
  g_test_add_func ("/find-child/given-name/whole", test_given_name_whole);
  g_test_add_func ("/find-child/stale-answer", test_stale_answer);
  g_test_add_func ("/find-child/layout/800x600", test_layout_800x600);
  g_test_add_func ("/find-child/layout/large-text", test_layout_large_text);
  g_test_add_func ("/find-child/accessible-names", test_accessible_names);
  g_test_add_func ("/find-child/keyboard", test_keyboard);

  status = g_test_run ();
  stop_accessibility_bus ();
  return status;
}
