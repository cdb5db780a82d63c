/* cpis-hub-client-measure.c: an area's figures for a partnership officer
 * (/work/contract-area-figures.md, issue 9)
 *
 *   GET [base]/Measure/area-figures/$evaluate-measure
 *       ?periodStart=YYYY-MM-DD&periodEnd=YYYY-MM-DD[&la=ODS]
 *       → CpisMeasureReport
 *
 * Counts only: nothing about a child is sent or answered (the codec refuses
 * a report that refers to patients). Sent through _cpis_hub_client_send_fhir()
 * like every request, decoded off the main thread.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"
#include "cpis-operation-outcome.h"

/* A reason longer than this is cut: it is shown in one line */
#define MAX_REASON_CHARS 200

/* The hub's reason for a 400 (the OperationOutcome's diagnostics, or its
 * details' words) as one short line, or NULL */
static char *
hub_reason (GBytes *body)
{
  g_autoptr(CpisOperationOutcome) outcome = NULL;
  g_autoptr(GString) line = NULL;
  const char *reason;
  const char *data;
  const char *p;
  gsize length;
  guint chars = 0;

  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (data == NULL || length == 0)
    return NULL;

  outcome = cpis_fhir_decode_operation_outcome (data, length, NULL);
  if (outcome == NULL)
    return NULL;
  reason = cpis_operation_outcome_get_diagnostics (outcome);
  if (reason == NULL)
    reason = cpis_operation_outcome_get_details_display (outcome);
  if (reason == NULL)
    return NULL;

  /* (the codec has checked that it is UTF-8) */
  line = g_string_new (NULL);
  for (p = reason; *p != '\0' && chars < MAX_REASON_CHARS; p = g_utf8_next_char (p), chars++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (line, g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ? ' ' : c);
    }
  if (*p != '\0')
    g_string_append (line, "…");

  g_strstrip (line->str);
  if (line->str[0] == '\0')
    return NULL;
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* The endpoint's own answers, as an officer can read them */
static GError *
measure_status_error (SoupMessage *msg,
                      GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *reason = NULL;

  switch (status)
    {
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED,
                                  _("The hub refused access: only partnership officers may see an "
                                    "area’s figures, and only for their own area’s local "
                                    "authorities."));

    case SOUP_STATUS_BAD_REQUEST:
      reason = hub_reason (body);
      if (reason != NULL)
        return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                            _("The hub did not accept the period: %s"), reason);
      return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                  _("The hub did not accept the period (HTTP 400)."));

    case SOUP_STATUS_NOT_FOUND:
      /* a hub without the figures (an older one) */
      return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                          _("This hub does not give an area’s figures (HTTP %u)."), status);

    default:
      /* 401 (the session ended), 5xx, a redirect never followed */
      return _cpis_hub_client_status_error (msg, body, FALSE);
    }
}

static gpointer
decode_report (const char  *data,
               gsize        length,
               GError     **error)
{
  return cpis_fhir_decode_measure_report (data, length, error);
}

static void
report_decoded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CpisMeasureReport *report;

  report = _cpis_hub_client_decode_finish (self, result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Could not decode the area's figures: %s", error->message);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The hub’s figures for the area could not be read."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (report);
      return;
    }
  g_task_return_pointer (task, report, g_object_unref);
}

static void
report_answered_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    error = measure_status_error (msg, body);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* (the cancellable read before the task is given away) */
  cancellable = g_task_get_cancellable (task);
  _cpis_hub_client_decode_async (self, body, decode_report, g_object_unref, cancellable,
                                 report_decoded_cb, g_steal_pointer (&task));
}

/* Whether @code could be an ODS code: letters and digits only, so that
 * nothing else can be slipped into the query */
static gboolean
is_ods_code (const char *code)
{
  gsize length = strlen (code);

  if (length == 0 || length > 10)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Public API ------------------------------------------------------------- */

void
cpis_hub_client_evaluate_area_figures_async (CpisHubClient       *self,
                                             const GDate         *first,
                                             const GDate         *last,
                                             const char          *la_ods_code,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  char start[16], end[16];

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (first != NULL && g_date_valid (first));
  g_return_if_fail (last != NULL && g_date_valid (last));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_evaluate_area_figures_async);
  g_task_set_check_cancellable (task, FALSE);

  if (g_date_compare (first, last) > 0 || (la_ods_code != NULL && !is_ods_code (la_ods_code)))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("The period or the local authority is not one the hub can be "
                                 "asked for."));
      return;
    }

  g_date_strftime (start, sizeof start, "%Y-%m-%d", first);
  g_date_strftime (end, sizeof end, "%Y-%m-%d", last);
  url = g_strdup_printf ("%s/Measure/area-figures/$evaluate-measure?periodStart=%s&periodEnd=%s%s%s",
                         cpis_hub_client_get_base_url (self), start, end,
                         la_ods_code != NULL ? "&la=" : "", la_ods_code != NULL ? la_ods_code : "");
  _cpis_hub_client_send_fhir (self, g_steal_pointer (&task), soup_message_new (SOUP_METHOD_GET, url),
                              report_answered_cb);
}

/**
 * cpis_hub_client_evaluate_area_figures_finish:
 *
 * Returns: (transfer full): the area's figures for the period
 */
CpisMeasureReport *
cpis_hub_client_evaluate_area_figures_finish (CpisHubClient  *self,
                                              GAsyncResult   *result,
                                              GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cpis_hub_client_evaluate_area_figures_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
