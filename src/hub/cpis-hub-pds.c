/* cpis-hub-pds.c: GET [pds]/Patient/{NHS number} and GET [pds]/Patient?…
 *
 * The demographics the hub holds, answered in the shape of NHS England's PDS
 * FHIR API ([origin]/personal-demographics/FHIR/R4), so that a client can
 * confirm who a child is before it checks CP-IS (docs/api.md):
 * - clinicians and social workers only: a partnership officer or an
 *   administrator must never receive a child's identity (403);
 * - nothing is recorded: a demographics lookup is not a CP-IS access and
 *   notifies no one;
 * - X-Request-ID (a UUID) is required, as PDS requires it;
 * - a restricted record is answered without its address; a search by
 *   postcode never finds one;
 * - a superseded NHS number is answered with the current record, whose id
 *   differs from the number asked for (how PDS says so);
 * - the search matches exactly: no wildcards, no date ranges, no fuzzy
 *   matching; more matches than _max-results is TOO_MANY_MATCHES, never a
 *   long list.
 */
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-capability.h"
#include "cpis-hub-pds-json.h"
#include "cpis-hub-response.h"
#include "cpis-hub-server-private.h"
#include "cpis-nhs-number.h"
#include "cpis-uuid.h"

#define PDS_MAX_RESULTS 50
#define CORRELATION_ID_MAX_LENGTH 256

/* PDS's own order: _max-results, then the search parameters */
typedef enum
{
  PARAM_FAMILY,
  PARAM_GIVEN,
  PARAM_GENDER,
  PARAM_BIRTHDATE,
  PARAM_POSTCODE,
  PARAM_MAX_RESULTS,
  PARAM_EXACT_MATCH,
  PARAM_FUZZY_MATCH,
  PARAM_HISTORY,
  N_PARAMS
} SearchParam;

#define INDIVIDUAL_PARAM(name) "http://hl7.org/fhir/SearchParameter/individual-" name

/* Read by read_query, and listed by [pds]/metadata */
static const struct
{
  CpisHubSearchParam spec;
  SearchParam        param;
} search_param_names[] = {
  { { "family", "family", "string", INDIVIDUAL_PARAM ("family"),
      "Required. Exact, ignoring case and surrounding spaces; no wildcards." },
    PARAM_FAMILY },
  { { "given", "given", "string", INDIVIDUAL_PARAM ("given"),
      "The whole given name, as family." },
    PARAM_GIVEN },
  { { "gender", "gender", "token", INDIVIDUAL_PARAM ("gender"),
      "male, female, other or unknown (a recorded value, never any)." },
    PARAM_GENDER },
  { { "birthdate", "birthdate", "date", INDIVIDUAL_PARAM ("birthdate"),
      "Required. eqYYYY-MM-DD or YYYY-MM-DD: one day, no ranges." },
    PARAM_BIRTHDATE },
  { { "address-postalcode", "address-postalcode", "string", INDIVIDUAL_PARAM ("address-postalcode"),
      "Ignoring case and spaces; also spelt address-postcode. Never finds a restricted "
      "record." },
    PARAM_POSTCODE },
  { { "address-postcode" }, PARAM_POSTCODE },   /* PDS takes both spellings */
  { { "_max-results", NULL, NULL, NULL,
      "1 to 50 (default 50; more matches are answered with TOO_MANY_MATCHES)" },
    PARAM_MAX_RESULTS },
  { { "_exact-match", NULL, NULL, NULL, "true or false (every match is exact)" },
    PARAM_EXACT_MATCH },
  { { "_fuzzy-match", NULL, NULL, NULL, "false only (there is no fuzzy matching)" },
    PARAM_FUZZY_MATCH },
  { { "_history", NULL, NULL, NULL, "false only (no previous names or addresses are held)" },
    PARAM_HISTORY },
};

static void
respond_invalid_search (SoupServerMessage *msg,
                        const char        *diagnostics)
{
  cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "value",
                                CPIS_HUB_INVALID_SEARCH_DATA, diagnostics);
}

static void
respond_invalid_value (SoupServerMessage *msg,
                       const char        *diagnostics)
{
  cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "value",
                                CPIS_HUB_PDS_INVALID_VALUE, diagnostics);
}

/* Printable ASCII, so that an echo can carry nothing else */
static gboolean
is_echoable (const char *value)
{
  gsize length = strlen (value);

  if (length == 0 || length > CORRELATION_ID_MAX_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (value[i] < 0x20 || value[i] > 0x7e)
      return FALSE;

  return TRUE;
}

void
_cpis_hub_pds_echo_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *request_id = soup_message_headers_get_one (request_headers, "X-Request-ID");
  const char *correlation_id = soup_message_headers_get_one (request_headers, "X-Correlation-ID");

  if (request_id != NULL && cpis_uuid_is_valid (request_id))
    soup_message_headers_replace (headers, "X-Request-ID", request_id);
  if (correlation_id != NULL && is_echoable (correlation_id))
    soup_message_headers_replace (headers, "X-Correlation-ID", correlation_id);
}

/* The user, once signed in with a role that may see children's identities
 * and with a usable X-Request-ID; NULL after answering */
static CpisHubUser *
authorise (CpisHubServer     *self,
           SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *request_id = soup_message_headers_get_one (headers, "X-Request-ID");
  g_autoptr(CpisHubUser) user = NULL;

  user = _cpis_hub_server_authenticate (self, msg);
  if (user == NULL)
    return NULL;

  if (user->role != CPIS_ROLE_CLINICIAN && user->role != CPIS_ROLE_SOCIAL_WORKER)
    {
      cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_FORBIDDEN, "forbidden", CPIS_HUB_ACCESS_DENIED,
                                    "This role may not look up children's demographics.");
      return NULL;
    }

  /* PDS's two answers: a missing header fails a precondition, a bad one is a bad value */
  if (request_id == NULL)
    {
      cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "structure",
                                    CPIS_HUB_PRECONDITION_FAILED,
                                    "The X-Request-ID header must be supplied: a UUID for each "
                                    "request.");
      return NULL;
    }
  if (!cpis_uuid_is_valid (request_id))
    {
      respond_invalid_value (msg, "The X-Request-ID header must be a UUID.");
      return NULL;
    }

  return g_steal_pointer (&user);
}

/* Read */

/* The bare ten digits of @id, or NULL after answering 400 INVALID_RESOURCE_ID */
static char *
read_resource_id (SoupServerMessage *msg,
                  const char        *id)
{
  g_autoptr(GError) error = NULL;
  gboolean ten_digits = strlen (id) == 10;
  char *nhs_number;

  /* Exactly as PDS has it: no spaces or dashes in a resource id */
  for (guint i = 0; ten_digits && i < 10; i++)
    ten_digits = g_ascii_isdigit (id[i]);
  if (!ten_digits)
    {
      cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "value",
                                    CPIS_HUB_PDS_INVALID_RESOURCE_ID,
                                    "The NHS number must be ten digits, without spaces.");
      return NULL;
    }

  nhs_number = cpis_nhs_number_parse (id, &error);
  if (nhs_number == NULL)
    cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "value",
                                  CPIS_HUB_PDS_INVALID_RESOURCE_ID, error->message);

  return nhs_number;
}

void
_cpis_hub_pds_read (CpisHubServer     *self,
                    SoupServerMessage *msg,
                    const char        *id)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_autoptr(CpisHubPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *etag = NULL;

  user = authorise (self, msg);
  if (user == NULL)
    return;

  nhs_number = read_resource_id (msg, id);
  if (nhs_number == NULL)
    return;

  patient = cpis_hub_store_find_current_patient (_cpis_hub_server_get_store (self), nhs_number,
                                                 &error);
  if (error != NULL)
    {
      g_warning ("Could not read demographics: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not read the demographics.");
      return;
    }

  if (patient == NULL)
    {
      cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                                    CPIS_HUB_PDS_RESOURCE_NOT_FOUND,
                                    "No patient has this NHS number.");
      return;
    }

  /* PDS's weak ETag is the version, for a later update's If-Match */
  etag = g_strdup_printf ("W/\"%" G_GINT64_FORMAT "\"", MAX (patient->version, 1));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE, cpis_hub_pds_encode_patient (patient));
}

/* Search */

typedef struct
{
  char *values[N_PARAMS];   /* NULL: not given, or given empty */
} SearchQuery;

static void
search_query_clear (SearchQuery *query)
{
  for (guint i = 0; i < N_PARAMS; i++)
    g_clear_pointer (&query->values[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchQuery, search_query_clear)

static gboolean
lookup_param (const char  *name,
              SearchParam *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (search_param_names); i++)
    {
      if (g_str_equal (search_param_names[i].spec.name, name))
        {
          *param = search_param_names[i].param;
          return TRUE;
        }
    }

  return FALSE;
}

/* Fills @query from the request; FALSE after answering 400 */
static gboolean
read_query (SoupServerMessage *msg,
            SearchQuery       *query)
{
  const char *text = g_uri_get_query (soup_server_message_get_uri (msg));
  gboolean seen[N_PARAMS] = { FALSE, };
  gboolean readable = TRUE;
  g_autoptr(GError) error = NULL;
  GUriParamsIter iter;
  char *name, *value;

  g_uri_params_iter_init (&iter, text != NULL ? text : "", -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      g_autofree char *owned_name = name;
      g_autofree char *owned_value = value;
      g_autofree char *message = NULL;
      SearchParam param;

      if (!g_utf8_validate (owned_name, -1, NULL) || !g_utf8_validate (owned_value, -1, NULL))
        {
          readable = FALSE;
          break;
        }

      if (!lookup_param (owned_name, &param))
        {
          /* Ignoring it would widen the search the user asked for */
          message = g_strdup_printf ("“%s” is not a search parameter this hub knows: search with "
                                     "family, given, gender, birthdate and address-postalcode.",
                                     owned_name);
          respond_invalid_search (msg, message);
          return FALSE;
        }

      if (seen[param])
        {
          if (param == PARAM_BIRTHDATE)
            respond_invalid_search (msg, "Date ranges are not supported: give birthdate once, "
                                         "as eqYYYY-MM-DD.");
          else
            {
              message = g_strdup_printf ("Give “%s” once.", owned_name);
              respond_invalid_search (msg, message);
            }
          return FALSE;
        }
      seen[param] = TRUE;

      g_strstrip (owned_value);
      if (*owned_value != '\0')
        query->values[param] = g_steal_pointer (&owned_value);
    }

  if (error != NULL || !readable)
    {
      respond_invalid_search (msg, "The search query could not be read.");
      return FALSE;
    }

  return TRUE;
}

/* TRUE for "true"/"false" (any case), storing it */
static gboolean
parse_flag (const char *text,
            gboolean   *flag)
{
  if (g_ascii_strcasecmp (text, "true") == 0)
    *flag = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0)
    *flag = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* "eqYYYY-MM-DD" or "YYYY-MM-DD" → "YYYY-MM-DD"; NULL after answering 400 */
static char *
read_birth_date (SoupServerMessage *msg,
                 const char        *text)
{
  static const char * const range_prefixes[] = { "ge", "le", "gt", "lt", "ne", "sa", "eb", "ap" };
  const char *date = text;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (range_prefixes); i++)
    {
      if (g_ascii_strncasecmp (text, range_prefixes[i], 2) == 0)
        {
          respond_invalid_search (msg, "Date ranges are not supported: give the exact date of "
                                       "birth, as eqYYYY-MM-DD.");
          return NULL;
        }
    }

  if (g_ascii_strncasecmp (text, "eq", 2) == 0)
    date = text + 2;

  length = strlen (date);
  if (cpis_date_is_valid (date))
    return g_strdup (date);

  /* "2015" or "2015-06": a range in FHIR's reading, so refused as one */
  if ((length == 4 || length == 7) && g_ascii_isdigit (date[0]))
    {
      respond_invalid_search (msg, "Partial dates are not supported: give the whole date of "
                                   "birth, as eqYYYY-MM-DD.");
      return NULL;
    }

  respond_invalid_value (msg, "The date of birth must be a date, as eqYYYY-MM-DD.");
  return NULL;
}

/* _max-results: 1 to 50, PDS_MAX_RESULTS when not given; 0 after answering 400 */
static guint
read_max_results (SoupServerMessage *msg,
                  const char        *text)
{
  guint64 value;

  if (text == NULL)
    return PDS_MAX_RESULTS;

  if (!g_ascii_string_to_unsigned (text, 10, 1, PDS_MAX_RESULTS, &value, NULL))
    {
      respond_invalid_value (msg, "_max-results must be a whole number from 1 to 50.");
      return 0;
    }

  return (guint) value;
}

/* The search as the store takes it, from @query (which it borrows);
 * FALSE after answering 400 */
static gboolean
read_search (SoupServerMessage    *msg,
             SearchQuery          *query,
             CpisHubPatientSearch *search,
             char                **birth_date,
             guint                *max_results)
{
  static const struct
  {
    SearchParam  param;
    const char  *missing;
  } required[] = {
    { PARAM_FAMILY, "The family name (family) is required." },
    { PARAM_BIRTHDATE, "The date of birth (birthdate) is required, as eqYYYY-MM-DD." },
  };
  static const char * const genders[] = { "male", "female", "other", "unknown" };
  char **values = query->values;
  gboolean flag;
  gboolean known_gender = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (values[required[i].param] == NULL)
        {
          cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_BAD_REQUEST, "structure",
                                        CPIS_HUB_PDS_MISSING_VALUE, required[i].missing);
          return FALSE;
        }
    }

  if (strchr (values[PARAM_FAMILY], '*') != NULL ||
      (values[PARAM_GIVEN] != NULL && strchr (values[PARAM_GIVEN], '*') != NULL) ||
      (values[PARAM_POSTCODE] != NULL && strchr (values[PARAM_POSTCODE], '*') != NULL))
    {
      respond_invalid_search (msg, "Wildcards (*) are not supported: this hub matches names and "
                                   "postcodes exactly.");
      return FALSE;
    }

  if (values[PARAM_FUZZY_MATCH] != NULL)
    {
      if (!parse_flag (values[PARAM_FUZZY_MATCH], &flag))
        {
          respond_invalid_value (msg, "_fuzzy-match must be true or false.");
          return FALSE;
        }
      if (flag)
        {
          respond_invalid_search (msg, "Fuzzy matching is not supported: this hub finds exact "
                                       "matches only.");
          return FALSE;
        }
    }

  if (values[PARAM_HISTORY] != NULL)
    {
      if (!parse_flag (values[PARAM_HISTORY], &flag))
        {
          respond_invalid_value (msg, "_history must be true or false.");
          return FALSE;
        }
      if (flag)
        {
          respond_invalid_search (msg, "Searching previous names and addresses is not supported: "
                                       "this hub holds current details only.");
          return FALSE;
        }
    }

  /* Every match is exact here, so both answers are the same */
  if (values[PARAM_EXACT_MATCH] != NULL && !parse_flag (values[PARAM_EXACT_MATCH], &flag))
    {
      respond_invalid_value (msg, "_exact-match must be true or false.");
      return FALSE;
    }

  /* Optional, as in PDS (whose least search is the family name and the date
   * of birth): a gender recorded otherwise than the searcher thinks must not
   * hide the child. "unknown" is a recorded value, not "any". */
  if (values[PARAM_GENDER] != NULL)
    {
      for (char *c = values[PARAM_GENDER]; *c != '\0'; c++)
        *c = g_ascii_tolower (*c);
      for (guint i = 0; i < G_N_ELEMENTS (genders); i++)
        known_gender |= g_str_equal (values[PARAM_GENDER], genders[i]);
    }
  if (values[PARAM_GENDER] != NULL && !known_gender)
    {
      respond_invalid_value (msg, "The gender must be male, female, other or unknown.");
      return FALSE;
    }

  *birth_date = read_birth_date (msg, values[PARAM_BIRTHDATE]);
  if (*birth_date == NULL)
    return FALSE;

  *max_results = read_max_results (msg, values[PARAM_MAX_RESULTS]);
  if (*max_results == 0)
    return FALSE;

  search->family_name = values[PARAM_FAMILY];
  search->given_name = values[PARAM_GIVEN];
  search->gender = values[PARAM_GENDER];
  search->date_of_birth = *birth_date;
  search->postcode = values[PARAM_POSTCODE];
  return TRUE;
}

void
_cpis_hub_pds_search (CpisHubServer     *self,
                      SoupServerMessage *msg)
{
  g_autoptr(CpisHubUser) user = NULL;
  g_auto(SearchQuery) query = { { NULL, } };
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *birth_date = NULL;
  g_autofree char *base_url = NULL;
  CpisHubPatientSearch search = { NULL, };
  guint max_results = 0;

  user = authorise (self, msg);
  if (user == NULL)
    return;

  if (!read_query (msg, &query) ||
      !read_search (msg, &query, &search, &birth_date, &max_results))
    return;

  patients = cpis_hub_store_search_patients (_cpis_hub_server_get_store (self), &search,
                                             max_results, &error);
  if (patients == NULL)
    {
      g_warning ("Could not search demographics: %s", error->message);
      cpis_hub_respond_server_error (msg, "The hub could not search the demographics.");
      return;
    }

  /* PDS answers 200 with an OperationOutcome: refine the search, no list */
  if (patients->len > max_results)
    {
      cpis_hub_respond_pds_outcome (msg, SOUP_STATUS_OK, "multiple-matches",
                                    CPIS_HUB_PDS_TOO_MANY_MATCHES,
                                    "More patients match than asked for: add the given name or "
                                    "the postcode.");
      return;
    }

  base_url = _cpis_hub_request_base_url (msg, CPIS_HUB_PDS_BASE_PATH);
  now = g_date_time_new_from_unix_utc (_cpis_hub_server_now_usec (self) / G_USEC_PER_SEC);
  cpis_hub_respond_json (msg, CPIS_HUB_FHIR_CONTENT_TYPE,
                         cpis_hub_pds_encode_searchset (patients, base_url, now));
}

GPtrArray *
_cpis_hub_pds_search_params (const char *resource_type)
{
  GPtrArray *specs = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (search_param_names); i++)
    g_ptr_array_add (specs, (gpointer) &search_param_names[i].spec);

  return specs;
}
