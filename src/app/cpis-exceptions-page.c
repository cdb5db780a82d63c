/* cpis-exceptions-page.c: the authority's upload exceptions, worked through */

#include <glib/gi18n.h>

#include "cpis-exceptions-page.h"

#include "cpis-accessible-stack.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-editor.h"
#include "cpis-upload-exception-page.h"
#include "cpis-upload-exception.h"

#define PAGE_SIZE 100

struct _CpisExceptionsPage
{
  GtkWidget      parent_instance;

  CpisSession   *session;
  GPtrArray     *exceptions;   /* CpisUploadException, open, as listed */
  GCancellable  *cancellable;  /* loading */
  gboolean       loaded;
  gboolean       load_failed;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkLabel      *message_label;
  GtkLabel      *count_label;
  GtkListBox    *list;
  AdwStatusPage *failed_page;
};

G_DEFINE_FINAL_TYPE (CpisExceptionsPage, cpis_exceptions_page, GTK_TYPE_WIDGET)

enum {
  PLANS_CHANGED,
  N_OPEN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_page (CpisExceptionsPage *self,
                       const char         *next_url);

/* How to put each code right, in the words of the one who must */
static const char *
how_to_fix (const char *code)
{
  if (g_strcmp0 (code, "CPR01") == 0)
    return _("No one with this NHS number is in the demographics service. Check the number "
             "against the child's record, correct it, and upload again.");
  if (g_strcmp0 (code, "CPR03") == 0)
    return _("This is not a valid NHS number (its length or check digit). Correct it from the "
             "child's record, and upload again.");
  if (g_strcmp0 (code, "CPR04") == 0)
    return _("This is an old-style NHS number. Find the child's ten-digit NHS number, and "
             "upload again under it.");
  if (g_strcmp0 (code, "CPR05") == 0)
    return _("This NHS number is no longer in use (for example after an adoption). Upload the "
             "plan under the child's current NHS number.");
  return _("The record did not match the demographics service or the plan rules: the names and "
           "the date of birth must be as the demographics service records them, the plan's "
           "dates whole dates, the end after the start. Correct it, and upload again.");
}

static void
show_message (CpisExceptionsPage *self,
              const char         *message,
              const char         *style)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "success");
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), style);
}

static CpisHubClient *
client_of (CpisExceptionsPage *self)
{
  if (self->session == NULL || !cpis_session_is_signed_in (self->session))
    return NULL;
  return cpis_session_get_client (self->session);
}

/* The list ---------------------------------------------------------------- */

static void dismiss_clicked_cb (GtkButton          *button,
                                CpisExceptionsPage *self);
static void correct_clicked_cb (GtkButton          *button,
                                CpisExceptionsPage *self);

static GtkWidget *
new_row (CpisExceptionsPage  *self,
         CpisUploadException *exception)
{
  const char *code = cpis_upload_exception_get_code (exception);
  const char *nhs_number = cpis_upload_exception_get_nhs_number (exception);
  g_autofree char *number = nhs_number != NULL ? cpis_nhs_number_format (nhs_number)
                                               : g_strdup (_("no NHS number"));
  g_autofree char *name = g_strjoin (" ",
                                     cpis_upload_exception_get_given_name (exception) != NULL
                                       ? cpis_upload_exception_get_given_name (exception)
                                       : "",
                                     cpis_upload_exception_get_family_name (exception) != NULL
                                       ? cpis_upload_exception_get_family_name (exception)
                                       : "",
                                     NULL);
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *correct = gtk_button_new_with_mnemonic (_("_Correct and Upload…"));
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  g_autofree char *correct_name = NULL;
  g_autofree char *dismiss_name = NULL;

  /* Translators: an upload exception's child: "Alex TESTER, 999 100 0003" */
  title = g_strdup_printf (_("%s, %s"), g_strstrip (name), number);
  /* Translators: "CPR01 No demographics match: <the hub's detail>" */
  reason = g_strdup_printf (_("%s %s: %s"), code != NULL ? code : "",
                            cpis_upload_exception_get_code_display (exception) != NULL
                              ? cpis_upload_exception_get_code_display (exception)
                              : "",
                            cpis_upload_exception_get_detail (exception) != NULL
                              ? cpis_upload_exception_get_detail (exception)
                              : "");
  subtitle = g_strdup_printf ("%s\n%s", reason, how_to_fix (code));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  correct_name = g_strdup_printf (_("Correct and upload the plan of %s"), title);
  dismiss_name = g_strdup_printf (_("Dismiss the upload exception of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (correct), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  correct_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dismiss_name, -1);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), correct);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  g_object_set_data_full (G_OBJECT (correct), "exception", g_object_ref (exception),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dismiss), "exception", g_object_ref (exception),
                          g_object_unref);
  g_object_set_data (G_OBJECT (dismiss), "row", row);
  g_signal_connect (correct, "clicked", G_CALLBACK (correct_clicked_cb), self);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  return row;
}

static void
update_page (CpisExceptionsPage *self)
{
  guint n = self->exceptions->len;
  g_autofree char *count = NULL;

  g_signal_emit (self, signals[N_OPEN_CHANGED], 0);

  if (self->load_failed && n == 0)
    {
      gtk_spinner_stop (self->spinner);
      cpis_accessible_stack_show (self->stack, "failed");
      return;
    }
  if (!self->loaded && n == 0)
    {
      gtk_spinner_start (self->spinner);
      cpis_accessible_stack_show (self->stack, "loading");
      return;
    }
  gtk_spinner_stop (self->spinner);
  if (n == 0)
    {
      cpis_accessible_stack_show (self->stack, "empty");
      return;
    }
  count = g_strdup_printf (ngettext ("%u record your authority uploaded was not accepted. Put it "
                                     "right, or dismiss it if it needs no upload.",
                                     "%u records your authority uploaded were not accepted. Put "
                                     "each right, or dismiss it if it needs no upload.",
                                     n),
                           n);
  gtk_label_set_text (self->count_label, count);
  cpis_accessible_stack_show (self->stack, "list");
}

static void
remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (widget), child);
}

/* Loading ----------------------------------------------------------------- */

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CpisExceptionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisUploadExceptionPage) page = NULL;

  /* disposed meanwhile (an answer that came before the cancel) */
  if (self->exceptions == NULL)
    return;
  /* the first page's answer, or a later one's */
  page = self->exceptions->len == 0
         ? cpis_hub_client_list_exceptions_finish (CPIS_HUB_CLIENT (source), result, &error)
         : cpis_hub_client_fetch_exception_page_finish (CPIS_HUB_CLIENT (source), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    {
      g_clear_object (&self->cancellable);
      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          cpis_session_expire (self->session);
          return;
        }
      self->load_failed = TRUE;
      adw_status_page_set_description (self->failed_page, error->message);
      update_page (self);
      return;
    }

  for (guint i = 0; i < page->exceptions->len; i++)
    {
      CpisUploadException *exception = g_ptr_array_index (page->exceptions, i);

      g_ptr_array_add (self->exceptions, g_object_ref (exception));
      gtk_list_box_append (self->list, new_row (self, exception));
    }
  if (page->next_url != NULL && page->exceptions->len > 0)
    {
      load_page (self, page->next_url);
      update_page (self);
      return;
    }
  g_clear_object (&self->cancellable);
  self->loaded = TRUE;
  update_page (self);
}

static void
load_page (CpisExceptionsPage *self,
           const char         *next_url)
{
  CpisHubClient *client = client_of (self);

  if (client == NULL)
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  if (next_url != NULL)
    cpis_hub_client_fetch_exception_page_async (client, next_url, self->cancellable, page_cb,
                                                g_object_ref (self));
  else
    cpis_hub_client_list_exceptions_async (client, PAGE_SIZE, self->cancellable, page_cb,
                                           g_object_ref (self));
}

static void
stop_loading (CpisExceptionsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
forget (CpisExceptionsPage *self)
{
  stop_loading (self);
  g_ptr_array_set_size (self->exceptions, 0);
  remove_children (GTK_WIDGET (self->list));
  self->loaded = FALSE;
  self->load_failed = FALSE;
  show_message (self, NULL, NULL);
}

/* Acting on one ----------------------------------------------------------- */

typedef struct
{
  CpisExceptionsPage *self;
  GtkWidget          *row;
  GtkWidget          *button;
} Dismissal;

static void
dismissed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Dismissal *dismissal = user_data;
  CpisExceptionsPage *self = dismissal->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisUploadException) dismissed = NULL;

  dismissed = cpis_hub_client_dismiss_exception_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (dismissed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->session != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The exception was not dismissed: %s"),
                                                   error->message);

          gtk_widget_set_sensitive (dismissal->button, TRUE);
          show_message (self, text, "error");
          if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
            cpis_session_expire (self->session);
        }
    }
  else if (self->session != NULL && gtk_widget_get_parent (dismissal->row) != NULL)
    {
      CpisUploadException *exception = g_object_get_data (G_OBJECT (dismissal->button),
                                                          "exception");

      g_ptr_array_remove (self->exceptions, exception);
      gtk_list_box_remove (self->list, dismissal->row);
      show_message (self, _("Dismissed."), "success");
      update_page (self);
    }

  g_object_unref (dismissal->row);
  g_object_unref (dismissal->button);
  g_object_unref (dismissal->self);
  g_free (dismissal);
}

static void
dismiss (CpisExceptionsPage *self,
         GtkButton          *button)
{
  CpisUploadException *exception = g_object_get_data (G_OBJECT (button), "exception");
  CpisHubClient *client = client_of (self);
  Dismissal *dismissal;

  if (client == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dismissal = g_new0 (Dismissal, 1);
  dismissal->self = g_object_ref (self);
  dismissal->row = g_object_ref (g_object_get_data (G_OBJECT (button), "row"));
  dismissal->button = g_object_ref (GTK_WIDGET (button));
  cpis_hub_client_dismiss_exception_async (client, cpis_upload_exception_get_id (exception), NULL,
                                           dismissed_cb, dismissal);
}

static void
dismiss_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     CpisExceptionsPage *self)
{
  GtkButton *button = g_object_get_data (G_OBJECT (dialog), "button");

  if (g_str_equal (response, "dismiss") && self->session != NULL)
    dismiss (self, button);
}

/* A record that needs no upload dismissed, once the social worker says so:
 * a plan never uploaded is a child a nurse is told has no record */
static void
dismiss_clicked_cb (GtkButton          *button,
                    CpisExceptionsPage *self)
{
  CpisUploadException *exception = g_object_get_data (G_OBJECT (button), "exception");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *number = cpis_upload_exception_get_nhs_number (exception) != NULL
                            ? cpis_nhs_number_format (cpis_upload_exception_get_nhs_number (exception))
                            : g_strdup (_("no NHS number"));
  g_autofree char *body = g_strdup_printf (
    _("The record for %s (%s) will no longer be listed, and no plan will be uploaded for it. "
      "Dismiss it only if the child needs no plan in CP-IS, or the plan is uploaded under "
      "another record."),
    number, cpis_upload_exception_get_code (exception));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                            _("Dismiss This Upload Exception?"), body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep It"), "dismiss", _("_Dismiss"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "dismiss", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "button", g_object_ref (button), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dismiss_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
corrected_cb (CpisExceptionsPage *self)
{
  /* the hub resolved the exception: the list again, and the plans */
  cpis_exceptions_page_reload (self);
  show_message (self, _("The corrected plan was uploaded."), "success");
  g_signal_emit (self, signals[PLANS_CHANGED], 0);
}

static void
correct_clicked_cb (GtkButton          *button,
                    CpisExceptionsPage *self)
{
  CpisUploadException *exception = g_object_get_data (G_OBJECT (button), "exception");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *notice = NULL;
  CpisPlanEditor *editor;

  if (client_of (self) == NULL)
    return;
  editor = cpis_plan_editor_new (self->session, NULL);
  cpis_plan_editor_prefill (editor, cpis_upload_exception_get_nhs_number (exception),
                            cpis_upload_exception_get_family_name (exception),
                            cpis_upload_exception_get_given_name (exception),
                            cpis_upload_exception_get_birth_date (exception),
                            cpis_upload_exception_get_plan_type (exception),
                            cpis_upload_exception_get_start_date (exception), NULL, NULL);
  /* Translators: "Refused as CPR07 (The family name does not match …)." */
  notice = g_strdup_printf (_("Refused as %s (%s). Correct it below, then upload."),
                            cpis_upload_exception_get_code (exception),
                            cpis_upload_exception_get_detail (exception) != NULL
                              ? cpis_upload_exception_get_detail (exception)
                              : "");
  cpis_plan_editor_set_notice (editor, notice);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (corrected_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
retry_clicked_cb (CpisExceptionsPage *self)
{
  cpis_exceptions_page_reload (self);
}

static void
map_cb (CpisExceptionsPage *self)
{
  if (!self->loaded && self->cancellable == NULL && !self->load_failed)
    load_page (self, NULL);
}

static void
session_state_changed_cb (CpisExceptionsPage *self)
{
  switch (cpis_session_get_state (self->session))
    {
    case CPIS_SESSION_SIGNED_IN:
      if (!self->loaded && gtk_widget_get_mapped (GTK_WIDGET (self)))
        cpis_exceptions_page_reload (self);
      break;
    case CPIS_SESSION_SIGNED_OUT:
      cpis_exceptions_page_reset (self);
      break;
    case CPIS_SESSION_EXPIRED:
    default:
      break;
    }
}

/* The widget -------------------------------------------------------------- */

static void
cpis_exceptions_page_dispose (GObject *object)
{
  CpisExceptionsPage *self = CPIS_EXCEPTIONS_PAGE (object);

  stop_loading (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CPIS_TYPE_EXCEPTIONS_PAGE);
  g_clear_pointer (&self->exceptions, g_ptr_array_unref);

  G_OBJECT_CLASS (cpis_exceptions_page_parent_class)->dispose (object);
}

static void
cpis_exceptions_page_class_init (CpisExceptionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_exceptions_page_dispose;

  signals[PLANS_CHANGED] = g_signal_new ("plans-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[N_OPEN_CHANGED] = g_signal_new ("n-open-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-exceptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, list);
  gtk_widget_class_bind_template_child (widget_class, CpisExceptionsPage, failed_page);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
cpis_exceptions_page_init (CpisExceptionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->exceptions = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self, "map", G_CALLBACK (map_cb), self);
  update_page (self);
}

GtkWidget *
cpis_exceptions_page_new (void)
{
  return g_object_new (CPIS_TYPE_EXCEPTIONS_PAGE, NULL);
}

void
cpis_exceptions_page_set_session (CpisExceptionsPage *self,
                                  CpisSession        *session)
{
  g_return_if_fail (CPIS_IS_EXCEPTIONS_PAGE (self));
  g_return_if_fail (session == NULL || CPIS_IS_SESSION (session));

  if (session == self->session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  cpis_exceptions_page_reset (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
cpis_exceptions_page_reload (CpisExceptionsPage *self)
{
  g_return_if_fail (CPIS_IS_EXCEPTIONS_PAGE (self));

  forget (self);
  update_page (self);
  load_page (self, NULL);
}

void
cpis_exceptions_page_reset (CpisExceptionsPage *self)
{
  g_return_if_fail (CPIS_IS_EXCEPTIONS_PAGE (self));

  forget (self);
  update_page (self);
}

guint
cpis_exceptions_page_get_n_open (CpisExceptionsPage *self)
{
  g_return_val_if_fail (CPIS_IS_EXCEPTIONS_PAGE (self), 0);

  return self->exceptions->len;
}
