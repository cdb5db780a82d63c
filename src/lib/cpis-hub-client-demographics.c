/* cpis-hub-client-demographics.c: who a child is, from the demographics
 * service (the PDS FHIR API's shape)
 *
 * A read by NHS number for the patient banner, and a search by name and date
 * of birth (and gender, when known) for a child whose number is not to hand. Neither is a
 * CP-IS access: nothing is recorded, no one notified. Requests carry an
 * X-Request-ID, as PDS requires, and the bearer token of the session.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client-private.h"
#include "cpis-nhs-number.h"
#include "cpis-uuid.h"

typedef enum
{
  DEMOGRAPHICS_READ,
  DEMOGRAPHICS_SEARCH,
} DemographicsKind;

static gpointer
decode_patient (const char  *data,
                gsize        length,
                GError     **error)
{
  return cpis_fhir_decode_patient (data, length, error);
}

static gpointer
decode_patients (const char  *data,
                 gsize        length,
                 GError     **error)
{
  return cpis_fhir_decode_patient_bundle (data, length, NULL, error);
}

/* The demographics service's own errors, as a nurse can read them */
static GError *
demographics_status_error (SoupMessage *msg,
                           GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  code = _cpis_hub_client_error_code_from_body (body);

  if (status == SOUP_STATUS_NOT_FOUND && g_strcmp0 (code, "RESOURCE_NOT_FOUND") == 0)
    return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND,
                                _("The demographics service has no record of this NHS "
                                  "number. Check the number."));

  /* a hub with no demographics service at all */
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    return g_error_new (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_SERVER,
                        _("This hub offers no demographics service (HTTP %u)."), status);

  if (status == SOUP_STATUS_BAD_REQUEST && g_strcmp0 (code, "INVALID_SEARCH_DATA") == 0)
    return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                                _("The demographics service did not accept the search. Give "
                                  "the whole family name and the whole date of birth."));

  if (g_strcmp0 (code, "TOO_MANY_MATCHES") == 0)
    return g_error_new_literal (CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TOO_MANY_MATCHES,
                                _("Too many people match. Add the given name or the postcode."));

  return _cpis_hub_client_status_error (msg, body, FALSE);
}

/* PDS answers "too many matches" with an OperationOutcome, which may come
 * with a 200 */
static gboolean
is_too_many_matches (GBytes *body)
{
  g_autofree char *code = _cpis_hub_client_error_code_from_body (body);

  return g_strcmp0 (code, "TOO_MANY_MATCHES") == 0;
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gpointer decoded;

  decoded = _cpis_hub_client_decode_finish (CPIS_HUB_CLIENT (source), result, &error);
  if (decoded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("Could not decode the demographics answer: %s %d",
               g_quark_to_string (error->domain), error->code);
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE,
                               _("The demographics service’s answer could not be read."));
      return;
    }

  if (GPOINTER_TO_INT (g_task_get_task_data (task)) == DEMOGRAPHICS_READ)
    g_task_return_pointer (task, decoded, g_object_unref);
  else
    g_task_return_pointer (task, decoded, (GDestroyNotify) g_ptr_array_unref);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CpisHubClient *self = CPIS_HUB_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  DemographicsKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _cpis_hub_client_send_finish (self, result, &msg, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  error = demographics_status_error (msg, body);
  if (error != NULL || !_cpis_hub_client_check_json_answer (msg, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (kind == DEMOGRAPHICS_SEARCH && is_too_many_matches (body))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_TOO_MANY_MATCHES,
                               _("Too many people match. Add the given name or the postcode."));
      return;
    }

  _cpis_hub_client_decode_async (self, body,
                                 kind == DEMOGRAPHICS_READ ? decode_patient : decode_patients,
                                 kind == DEMOGRAPHICS_READ ? g_object_unref
                                                           : (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, decoded_cb, g_steal_pointer (&task));
}

static void
send_demographics (CpisHubClient *self,
                   GTask         *task,
                   const char    *url)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *request_id = NULL;
  SoupMessageHeaders *headers;

  if (!cpis_hub_client_is_signed_in (self))
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNAUTHORISED,
                               _("You are not signed in. Sign in to continue."));
      g_object_unref (task);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               _("The request to the demographics service could not be made."));
      g_object_unref (task);
      return;
    }

  request_id = cpis_uuid_new ();
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", CPIS_FHIR_CONTENT_TYPE);
  soup_message_headers_replace (headers, "X-Request-ID", request_id);
  _cpis_hub_client_set_bearer (self, msg);

  _cpis_hub_client_send_async (self, msg, g_task_get_cancellable (task), answered_cb, task);
}

void
cpis_hub_client_read_patient_async (CpisHubClient       *self,
                                    const char          *nhs_number,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (nhs_number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_read_patient_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, GINT_TO_POINTER (DEMOGRAPHICS_READ), NULL);

  digits = cpis_nhs_number_parse (nhs_number, &error);
  if (digits == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  url = g_strdup_printf ("%s/Patient/%s", cpis_hub_client_get_demographics_base_url (self),
                         digits);
  send_demographics (self, task, url);
}

/**
 * cpis_hub_client_read_patient_finish:
 *
 * Returns: (transfer full): who the NHS number belongs to
 */
CpisPatient *
cpis_hub_client_read_patient_finish (CpisHubClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* NULL if @name can be searched for whole; else why not */
static const char *
whole_name_problem (const char *name)
{
  if (strpbrk (name, "*?%") != NULL)
    return _("Give the whole name: partial names (with * or ?) cannot be searched for.");

  return NULL;
}

void
cpis_hub_client_search_patients_async (CpisHubClient       *self,
                                       const char          *family,
                                       const char          *given,
                                       const char          *gender,
                                       const char          *birth_date,
                                       const char          *postcode,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  static const char * const genders[] = { "male", "female", "other", "unknown", NULL };
  g_autofree char *family_trimmed = g_strstrip (g_strdup (family != NULL ? family : ""));
  g_autofree char *given_trimmed = g_strstrip (g_strdup (given != NULL ? given : ""));
  g_autofree char *postcode_trimmed = g_strstrip (g_strdup (postcode != NULL ? postcode : ""));
  g_autofree char *date_text = NULL;
  g_autofree char *birthdate = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  const char *problem = NULL;
  GDate date;
  GTask *task;

  g_return_if_fail (CPIS_IS_HUB_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cpis_hub_client_search_patients_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, GINT_TO_POINTER (DEMOGRAPHICS_SEARCH), NULL);

  /* a search that cannot be exact is refused here, not guessed at */
  if (*family_trimmed == '\0')
    problem = _("Give the family name.");
  else if (gender != NULL && !g_strv_contains (genders, gender))
    problem = _("Choose the gender.");
  else if (birth_date == NULL || strlen (birth_date) != 10 || !cpis_date_parse (birth_date, &date))
    problem = _("Give the whole date of birth: day, month and year.");
  else if ((problem = whole_name_problem (family_trimmed)) == NULL)
    problem = whole_name_problem (given_trimmed);

  if (problem != NULL)
    {
      g_task_return_new_error (task, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST,
                               "%s", problem);
      g_object_unref (task);
      return;
    }

  date_text = cpis_date_to_string (&date);
  birthdate = g_strconcat ("eq", date_text, NULL);
  /* without a gender, every recorded gender matches (PDS's least search is
   * the family name and the date of birth) */
  query = soup_form_encode ("family", family_trimmed,
                            "birthdate", birthdate,
                            NULL);
  if (gender != NULL)
    {
      g_autofree char *with_gender = g_strconcat (query, "&gender=", gender, NULL);

      g_free (query);
      query = g_steal_pointer (&with_gender);
    }
  if (*given_trimmed != '\0')
    {
      g_autofree char *with_given = NULL;
      g_autofree char *encoded = soup_form_encode ("given", given_trimmed, NULL);

      with_given = g_strconcat (query, "&", encoded, NULL);
      g_free (query);
      query = g_steal_pointer (&with_given);
    }
  if (*postcode_trimmed != '\0')
    {
      g_autofree char *with_postcode = NULL;
      g_autofree char *encoded = g_uri_escape_string (postcode_trimmed, NULL, FALSE);

      with_postcode = g_strconcat (query, "&address-postalcode=", encoded, NULL);
      g_free (query);
      query = g_steal_pointer (&with_postcode);
    }

  url = g_strdup_printf ("%s/Patient?%s", cpis_hub_client_get_demographics_base_url (self), query);
  send_demographics (self, task, url);
}

/**
 * cpis_hub_client_search_patients_finish:
 *
 * Returns: (transfer container) (element-type CpisPatient): best match first
 */
GPtrArray *
cpis_hub_client_search_patients_finish (CpisHubClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (CPIS_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
