/* cpis-test-ui.h: helpers shared by the GUI tests (run under Xvfb)
 *
 * Waiting on the main context, searching the widget tree for what is on
 * screen, and saving screenshots to look at what a test sees.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long cpis_test_ui_iterate_until() waits at most: a safety net, not a
 * measurement */
#define CPIS_TEST_UI_TIMEOUT_SECONDS 30

typedef gboolean (*CpisTestUiCondition) (gpointer data);

/* Starting */

/* gtk_test_init() and adw_init(), with the cursor not blinking: without a
 * window manager, a dialog taking the focus from a window leaves that
 * window's entry blinking, which GTK 4.8 warns about (fatal in a test) on
 * its next blink */
void        cpis_test_ui_init                       (int                 *argc,
                                                     char              ***argv);

/* Main context */

/* Iterates the default main context until @condition (@data) holds; fails the
 * test after CPIS_TEST_UI_TIMEOUT_SECONDS */
void        cpis_test_ui_iterate_until              (CpisTestUiCondition  condition,
                                                     gpointer             data);
/* The same, failing after @timeout_seconds */
void        cpis_test_ui_iterate_until_timeout      (CpisTestUiCondition  condition,
                                                     gpointer             data,
                                                     guint                timeout_seconds);
/* Waits for the next frame of @widget's window to be painted: styles
 * worked out, laid out, drawn (gtk_test_widget_wait_for_draw() returns at
 * the frame's first phase, before any of that) */
void        cpis_test_ui_wait_for_paint             (GtkWidget           *widget);
/* A condition: the pointer at @data (a gpointer *) is no longer NULL */
gboolean    cpis_test_ui_pointer_set                (gpointer             data);
/* A condition: the widget @data is mapped (on screen) */
gboolean    cpis_test_ui_widget_mapped              (gpointer             data);
/* A GAsyncReadyCallback: stores a reference to @result in @user_data (a
 * GAsyncResult **), for cpis_test_ui_pointer_set() to wait on */
void        cpis_test_ui_store_result_cb            (GObject             *source,
                                                     GAsyncResult        *result,
                                                     gpointer             user_data);

/* Windows */

/* A new window of @width (its natural height) holding @child, presented and
 * drawn */
GtkWidget  *cpis_test_ui_show_in_window             (GtkWidget           *child,
                                                     int                  width);

/* Widget tree */

/* The template child @name of @widget (an instance of @template_type);
 * asserts it exists */
gpointer    cpis_test_ui_template_child             (gpointer             widget,
                                                     GType                template_type,
                                                     const char          *name);
/* The first widget of @type at or under @root (depth first, mapped or not) */
GtkWidget  *cpis_test_ui_find_widget_of_type        (GtkWidget           *root,
                                                     GType                type);
/* The first mapped (on screen) widget of @type at or under @root, or NULL */
GtkWidget  *cpis_test_ui_find_mapped_widget_of_type (GtkWidget           *root,
                                                     GType                type);
/* Appends to @out every mapped (on screen) widget of @type at or under @root,
 * in tree order (not referenced) */
void        cpis_test_ui_collect_widgets_of_type    (GtkWidget           *root,
                                                     GType                type,
                                                     GPtrArray           *out);
/* Appends to @texts (with g_free as its free function) a copy of the text of
 * every mapped label or table cell (CpisCellText) at or under @root, in tree
 * order */
void        cpis_test_ui_collect_label_texts        (GtkWidget           *root,
                                                     GPtrArray           *texts);
/* A mapped label at or under @root whose text contains @text, or NULL */
GtkLabel   *cpis_test_ui_find_label                 (GtkWidget           *root,
                                                     const char          *text);
/* A mapped label or table cell at or under @root whose text contains @text,
 * or NULL */
GtkWidget  *cpis_test_ui_find_text                  (GtkWidget           *root,
                                                     const char          *text);
/* Fails the test unless a mapped label or cell under @root contains @text */
void        cpis_test_ui_assert_shows               (GtkWidget           *root,
                                                     const char          *text);
/* Fails the test if a mapped label or cell under @root contains @text */
void        cpis_test_ui_assert_does_not_show       (GtkWidget           *root,
                                                     const char          *text);
/* A mapped button at or under @root whose tooltip is @tooltip, or NULL */
GtkButton  *cpis_test_ui_find_button_with_tooltip   (GtkWidget           *root,
                                                     const char          *tooltip);

/* Screenshots */

/* A key press as @widget's key controller named @controller_name sees it
 * (the name set with gtk_event_controller_set_name()); TRUE if it stopped
 * the key there. Asserts the controller exists. */
gboolean    cpis_test_ui_press_key                  (GtkWidget           *widget,
                                                     const char          *controller_name,
                                                     guint                keyval,
                                                     GdkModifierType      state);

/* (transfer full): @widget, once drawn, rendered as its window renders it */
GdkTexture *cpis_test_ui_render                     (GtkWidget           *widget);
/* With CPIS_SCREENSHOT_DIR set, renders @widget (once drawn) to
 * "@name.png" in that directory; otherwise does nothing. Synthetic data only */
void        cpis_test_ui_save_screenshot            (GtkWidget           *widget,
                                                     const char          *name);

G_END_DECLS
