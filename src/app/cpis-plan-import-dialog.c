/* cpis-plan-import-dialog.c: an authority's plans imported from a CSV file */

#include <glib/gi18n.h>

#include "cpis-plan-import-dialog.h"

#include "cpis-accessible-stack.h"
#include "cpis-cell-text.h"
#include "cpis-hub-client.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-upload.h"

struct _CpisPlanImportDialog
{
  AdwWindow             parent_instance;

  CpisSession          *session;
  GCancellable         *cancellable;   /* reading, uploading or saving */
  char                 *file_name;     /* the chosen file's, for the words */
  GPtrArray            *records;       /* CpisPlanRecord, as read */
  CpisPlanUploadReport *report;
  GListStore           *rows;          /* CpisPlanRecord of the report, in its order */
  GHashTable           *row_index;     /* CpisPlanRecord → its index in the report */
  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkLabel             *message_label;
  GtkStack             *stack;
  GtkSpinner           *reading_spinner;
  AdwStatusPage        *ready_page;
  GtkButton            *upload_button;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *cancel_button;
  GtkLabel             *summary_label;
  GtkWidget            *save_button;
  GtkColumnView        *report_view;
};

G_DEFINE_FINAL_TYPE (CpisPlanImportDialog, cpis_plan_import_dialog, ADW_TYPE_WINDOW)

enum {
  UPLOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (CpisPlanImportDialog *self,
              const char           *message,
              const char           *style)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "success");
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), style);
}

static void
show_page (CpisPlanImportDialog *self,
           const char           *name)
{
  gtk_spinner_set_spinning (self->reading_spinner, g_str_equal (name, "reading"));
  cpis_accessible_stack_show (self->stack, name);
}

/* The report's table -------------------------------------------------------- */

typedef enum
{
  CELL_LINE,
  CELL_NHS_NUMBER,
  CELL_NAME,
  CELL_OUTCOME,
  CELL_CODE,
  CELL_DETAIL,
} Cell;

static const struct
{
  Cell        cell;
  const char *title;
  gboolean    expand;
  int         fixed_width;
} columns[] = {
  { CELL_LINE, N_("Line"), FALSE, 60 },
  { CELL_NHS_NUMBER, N_("NHS Number"), FALSE, 120 },
  { CELL_NAME, N_("Name"), FALSE, 160 },
  { CELL_OUTCOME, N_("Outcome"), FALSE, 100 },
  { CELL_CODE, N_("Code"), FALSE, 70 },
  { CELL_DETAIL, N_("What It Means"), TRUE, 260 },
};

static const char *
outcome_in_words (CpisPlanUploadRowState state)
{
  switch (state)
    {
    case CPIS_PLAN_UPLOAD_ROW_UPLOADED:
      return _("Uploaded");
    case CPIS_PLAN_UPLOAD_ROW_REJECTED:
      return _("Rejected");
    case CPIS_PLAN_UPLOAD_ROW_UNKNOWN:
      /* Translators: sent, but the hub's answer never came */
      return _("No answer");
    case CPIS_PLAN_UPLOAD_ROW_NOT_SENT:
    default:
      return _("Not sent");
    }
}

static char *
cell_text (CpisPlanImportDialog *self,
           CpisPlanRecord       *record,
           Cell                  cell)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_index, record));
  CpisPlanUploadRowState state = cpis_plan_upload_report_get_state (self->report, index);
  const char *text;

  switch (cell)
    {
    case CELL_LINE:
      return g_strdup_printf ("%u", cpis_plan_record_get_line (record));
    case CELL_NHS_NUMBER:
      text = cpis_plan_record_get_nhs_number (record);
      return text != NULL ? cpis_nhs_number_format (text) : g_strdup ("");
    case CELL_NAME:
      return g_strjoin (" ", cpis_plan_record_get_given_name (record) != NULL ? cpis_plan_record_get_given_name (record) : "",
                        cpis_plan_record_get_family_name (record) != NULL
                          ? cpis_plan_record_get_family_name (record)
                          : "",
                        NULL);
    case CELL_OUTCOME:
      return g_strdup (outcome_in_words (state));
    case CELL_CODE:
      text = cpis_plan_upload_report_get_code (self->report, index);
      return g_strdup (text != NULL ? text : "");
    case CELL_DETAIL:
      text = cpis_plan_upload_report_get_detail (self->report, index);
      if (text != NULL)
        return g_strdup (text);
      if (state == CPIS_PLAN_UPLOAD_ROW_UNKNOWN)
        return g_strdup (_("Sent, but no answer came: it may or may not be stored. Check the "
                           "authority's plans before sending it again."));
      if (state == CPIS_PLAN_UPLOAD_ROW_NOT_SENT)
        return g_strdup (_("The upload stopped before this record: send it again."));
      return g_strdup ("");
    default:
      g_assert_not_reached ();
    }
}

/* The row read out as a sentence of its cells: "Line 3, 999 100 0003, Alex
 * TESTER, Rejected, CPR07, the NHS number is not known" */
static void
name_row (CpisPlanImportDialog *self,
          CpisCellText         *label,
          CpisPlanRecord       *record)
{
  g_autofree char *number = cell_text (self, record, CELL_NHS_NUMBER);
  g_autofree char *child = cell_text (self, record, CELL_NAME);
  g_autofree char *outcome = cell_text (self, record, CELL_OUTCOME);
  g_autofree char *code = cell_text (self, record, CELL_CODE);
  g_autofree char *detail = cell_text (self, record, CELL_DETAIL);
  g_autoptr(GString) name = g_string_new (NULL);

  /* Translators: a row of the import report read out: its line in the file, then its cells */
  g_string_printf (name, _("Line %u, %s, %s, %s"), cpis_plan_record_get_line (record), number,
                   child, outcome);
  if (*code != '\0')
    g_string_append_printf (name, ", %s", code);
  if (*detail != '\0')
    g_string_append_printf (name, ", %s", detail);
  cpis_cell_text_name_row (label, name->str);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, cpis_cell_text_new ());
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CpisPlanImportDialog *self = g_object_get_data (G_OBJECT (factory), "cpis-import-dialog");
  CpisPlanRecord *record = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, record, GPOINTER_TO_INT (user_data));
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_index, record));

  cpis_cell_text_set_text (CPIS_CELL_TEXT (label), text);
  if (GPOINTER_TO_INT (user_data) == CELL_LINE)
    name_row (self, CPIS_CELL_TEXT (label), record);
  /* a record that is not in CP-IS must not pass for one that is: in words, and in colour */
  if (cpis_plan_upload_report_get_state (self->report, index) == CPIS_PLAN_UPLOAD_ROW_UPLOADED)
    gtk_widget_remove_css_class (label, "error");
  else
    gtk_widget_add_css_class (label, "error");
}

static void
build_report_view (CpisPlanImportDialog *self)
{
  double scale = cpis_cell_text_scale (GTK_WIDGET (self->report_view));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "cpis-import-dialog", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb),
                        GINT_TO_POINTER (columns[i].cell));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (
        column, columns[i].fixed_width > 0 ? (int) (columns[i].fixed_width * scale) : -1);
      gtk_column_view_append_column (self->report_view, column);
      g_object_unref (column);
    }
  gtk_column_view_set_model (self->report_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (
                               G_LIST_MODEL (g_object_ref (self->rows)))));
}

static void
show_report (CpisPlanImportDialog *self)
{
  guint n = cpis_plan_upload_report_get_n_rows (self->report);
  const GError *stop = cpis_plan_upload_report_get_stop_error (self->report);
  g_autoptr(GString) summary = g_string_new (NULL);

  g_hash_table_remove_all (self->row_index);
  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < n; i++)
    {
      CpisPlanRecord *record = cpis_plan_upload_report_get_record (self->report, i);

      g_hash_table_insert (self->row_index, record, GUINT_TO_POINTER (i));
      g_list_store_append (self->rows, record);
    }

  g_string_append_printf (summary,
                          ngettext ("%u of %u record uploaded", "%u of %u records uploaded", n),
                          cpis_plan_upload_report_get_n_uploaded (self->report), n);
  g_string_append_printf (summary, ngettext (", %u rejected", ", %u rejected", cpis_plan_upload_report_get_n_rejected (self->report)),
                          cpis_plan_upload_report_get_n_rejected (self->report));
  if (cpis_plan_upload_report_get_n_unknown (self->report) > 0)
    g_string_append_printf (summary, _(", %u with no answer (they may or may not be stored)"),
                            cpis_plan_upload_report_get_n_unknown (self->report));
  if (cpis_plan_upload_report_get_n_not_sent (self->report) > 0)
    g_string_append_printf (summary, _(", %u not sent"),
                            cpis_plan_upload_report_get_n_not_sent (self->report));
  g_string_append (summary, ".");
  if (cpis_plan_upload_report_get_file_code (self->report) != NULL)
    /* Translators: the CP-IS file code, e.g. "File code CPF03." */
    g_string_append_printf (summary, _(" File code %s."),
                            cpis_plan_upload_report_get_file_code (self->report));
  gtk_label_set_text (self->summary_label, summary->str);

  if (stop != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The upload stopped before the end: %s"),
                                               stop->message);

      show_message (self, text, "warning");
    }
  else if (cpis_plan_upload_report_get_n_rejected (self->report) > 0)
    show_message (self, _("Some records were rejected: correct them (the report says why) and "
                          "import them again. Rejected records are also listed as the "
                          "authority's upload exceptions."),
                  "warning");
  else
    show_message (self, NULL, NULL);
  show_page (self, "report");
}

/* Reading the file ----------------------------------------------------------- */

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read (task_data, cancellable, &error);
  GPtrArray *records = NULL;

  if (stream != NULL)
    records = cpis_plan_upload_read_csv_stream (G_INPUT_STREAM (stream), cancellable, &error);
  if (records == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CpisPlanImportDialog *self = CPIS_PLAN_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *label = NULL;
  guint n_unreadable = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  g_clear_object (&self->cancellable);
  if (records == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” could not be read: %s Nothing was "
                                                 "uploaded."),
                                               self->file_name, error->message);

      show_message (self, text, "error");
      show_page (self, "choose");
      return;
    }
  if (records->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” has the right header but no records: "
                                                 "nothing to upload."),
                                               self->file_name);

      show_message (self, text, "warning");
      show_page (self, "choose");
      return;
    }

  for (guint i = 0; i < records->len; i++)
    n_unreadable += cpis_plan_record_get_error (g_ptr_array_index (records, i)) != NULL;
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = g_steal_pointer (&records);

  title = g_strdup_printf (ngettext ("%u Record Read", "%u Records Read", self->records->len),
                           self->records->len);
  if (n_unreadable > 0)
    description = g_strdup_printf (
      ngettext ("From “%s”. %u row cannot be read (the wrong number of fields): it will be "
                "rejected without being sent. Nothing has been sent yet.",
                "From “%s”. %u rows cannot be read (the wrong number of fields): they will be "
                "rejected without being sent. Nothing has been sent yet.",
                n_unreadable),
      self->file_name, n_unreadable);
  else
    description = g_strdup_printf (_("From “%s”. Nothing has been sent yet."), self->file_name);
  adw_status_page_set_title (self->ready_page, title);
  adw_status_page_set_description (self->ready_page, description);
  label = g_strdup_printf (ngettext ("_Upload %u Record", "_Upload %u Records",
                                     self->records->len),
                           self->records->len);
  gtk_button_set_label (self->upload_button, label);
  show_message (self, NULL, NULL);
  show_page (self, "ready");
  gtk_widget_grab_focus (GTK_WIDGET (self->upload_button));
}

void
cpis_plan_import_dialog_open_file (CpisPlanImportDialog *self,
                                   GFile                *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CPIS_IS_PLAN_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->file_name);
  self->file_name = g_file_get_basename (file);
  show_message (self, NULL, NULL);
  show_page (self, "reading");

  task = g_task_new (self, self->cancellable, read_cb, NULL);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_in_thread);
}

static void
chooser_response_cb (CpisPlanImportDialog *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    cpis_plan_import_dialog_save_to (self, file);
  else
    cpis_plan_import_dialog_open_file (self, file);
}

static void
run_chooser (CpisPlanImportDialog *self,
             GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_SAVE
                                                 ? _("Save the Upload Report")
                                                 : _("Choose a File of Plans"),
                                               GTK_WINDOW (self), action, NULL, NULL);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                       _("upload-report.csv"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_clicked_cb (CpisPlanImportDialog *self)
{
  run_chooser (self, GTK_FILE_CHOOSER_ACTION_OPEN);
}

/* Uploading ---------------------------------------------------------------- */

static void
progress_cb (guint    n_done,
             guint    n_total,
             gpointer user_data)
{
  CpisPlanImportDialog *self = user_data;
  g_autofree char *text = g_strdup_printf (ngettext ("Uploading: %u of %u record answered",
                                                     "Uploading: %u of %u records answered",
                                                     n_total),
                                           n_done, n_total);

  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, n_total > 0 ? (double) n_done / n_total : 0);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CpisPlanImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisPlanUploadReport) report = NULL;

  report = cpis_hub_client_upload_plans_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (self->session == NULL)
    return; /* closed meanwhile */
  g_clear_object (&self->cancellable);
  if (report == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED))
        {
          gtk_window_set_modal (GTK_WINDOW (self), FALSE);
          cpis_session_expire (self->session);
        }
      text = g_strdup_printf (_("The upload could not start: %s Nothing was uploaded."),
                              error->message);
      show_message (self, text, "error");
      show_page (self, "ready");
      return;
    }

  g_set_object (&self->report, report);
  show_report (self);
  g_signal_emit (self, signals[UPLOADED], 0);
}

static void
upload_clicked_cb (CpisPlanImportDialog *self)
{
  if (self->records == NULL || self->cancellable != NULL ||
      !cpis_session_is_signed_in (self->session))
    return;

  self->cancellable = g_cancellable_new ();
  show_message (self, NULL, NULL);
  progress_cb (0, self->records->len, self);
  show_page (self, "uploading");
  gtk_widget_grab_focus (self->cancel_button);
  cpis_hub_client_upload_plans_async (cpis_session_get_client (self->session), self->records,
                                      progress_cb, g_object_ref (self), g_object_unref,
                                      self->cancellable, uploaded_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (CpisPlanImportDialog *self)
{
  /* between chunks: what was answered stays, the report says which */
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->progress_label, _("Stopping after the records in flight…"));
}

/* Saving the report --------------------------------------------------------- */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CpisPlanImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (self->session == NULL)
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The report could not be saved to “%s”: %s"), name,
                              error->message);
      show_message (self, text, "error");
    }
  else if (self->session == NULL)
    return;
  else
    {
      /* it names children: the file is the user's to keep safe, as the one imported */
      text = g_strdup_printf (_("Report saved to “%s”. It holds the children's NHS numbers and "
                                "names: keep it as safe as the file imported."),
                              name);
      show_message (self, text, "success");
    }
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

void
cpis_plan_import_dialog_save_to (CpisPlanImportDialog *self,
                                 GFile                *file)
{
  g_autoptr(GBytes) csv = NULL;

  g_return_if_fail (CPIS_IS_PLAN_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL)
    return;
  csv = cpis_plan_upload_report_to_csv (self->report);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       saved_cb, g_object_ref (self));
}

static void
save_clicked_cb (CpisPlanImportDialog *self)
{
  run_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE);
}

/* The widget --------------------------------------------------------------- */

static void
session_state_changed_cb (CpisPlanImportDialog *self)
{
  /* signed out or locked: the records and the report go with the sign-in */
  if (cpis_session_get_state (self->session) == CPIS_SESSION_SIGNED_OUT)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
cpis_plan_import_dialog_dispose (GObject *object)
{
  CpisPlanImportDialog *self = CPIS_PLAN_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_object (&self->report);
  if (self->rows != NULL)
    g_list_store_remove_all (self->rows);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->row_index, g_hash_table_unref);
  g_clear_pointer (&self->file_name, g_free);

  G_OBJECT_CLASS (cpis_plan_import_dialog_parent_class)->dispose (object);
}

static void
cpis_plan_import_dialog_class_init (CpisPlanImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_plan_import_dialog_dispose;

  signals[UPLOADED] = g_signal_new ("uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cpisdesktop/CpisDesktop/cpis-plan-import-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CpisPlanImportDialog, name)
  BIND (message_label);
  BIND (stack);
  BIND (reading_spinner);
  BIND (ready_page);
  BIND (upload_button);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (cancel_button);
  BIND (summary_label);
  BIND (save_button);
  BIND (report_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, upload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cpis_plan_import_dialog_init (CpisPlanImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (CPIS_TYPE_PLAN_RECORD);
  self->row_index = g_hash_table_new (NULL, NULL);
  build_report_view (self);
  show_page (self, "choose");
}

CpisPlanImportDialog *
cpis_plan_import_dialog_new (CpisSession *session)
{
  CpisPlanImportDialog *self;

  g_return_val_if_fail (CPIS_IS_SESSION (session), NULL);

  self = g_object_new (CPIS_TYPE_PLAN_IMPORT_DIALOG, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

const char *
cpis_plan_import_dialog_get_page (CpisPlanImportDialog *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
