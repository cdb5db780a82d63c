/* cpis-fhir-codec.c: CP-IS FHIR R4 JSON ↔ model objects
 *
 * Decoding follows cpis-fhir-api.md, "Decode tolerantly": anything that can be
 * understood unambiguously is accepted, unknown elements are ignored, and only
 * what would change the meaning is rejected. What is rejected, and why:
 *
 * CPIS_FHIR_ERROR_NOT_JSON
 *   - no body, a body that is not UTF-8, or not JSON;
 *   - JSON nested deeper than MAX_NESTING (json-glib parses recursively, so this
 *     is refused before parsing; no CP-IS resource comes near it) or larger than
 *     MAX_DOCUMENT_SIZE.
 * CPIS_FHIR_ERROR_WRONG_RESOURCE
 *   - JSON whose root is not an object, or whose resourceType is not the one
 *     asked for (an OperationOutcome where a Bundle was expected);
 *   - a Bundle whose type is missing or is not "searchset";
 *   - a match entry (search.mode "match" or absent) holding a resource of another
 *     type than the search is for. Included and outcome entries of other types
 *     are ignored.
 * CPIS_FHIR_ERROR_INVALID (a bundle that cannot be read must never look like
 * "no record found", so these are errors, not empty results)
 *   - an object that gives the same member twice (json-glib would keep the
 *     last: "entry" with the plans, then "entry": []);
 *   - "entry" that is not an array, an entry that is not an object, or a match
 *     entry without a resource object;
 *   - a Bundle.total that differs from the number of match entries, and an
 *     answer with no match entry that does not say total 0 (an empty answer is
 *     only believed when it says it is empty);
 *   - a CareTeam (or AuditEvent) in its own search not marked as a match;
 *   - more than CPIS_FHIR_MAX_PLANS plans or CPIS_FHIR_MAX_ACCESS_EVENTS accesses;
 *   - a CareTeam without the subject's NHS number (ten digits, spaces allowed),
 *     or whose subject identifier is of another system only;
 *   - a CareTeam period start/end, due-date or subject birth-date extension
 *     present but not a date
 *     (an unreadable end date would make an ended plan look active);
 *   - an AuditEvent whose "recorded" is missing or not a date-time (the access
 *     history is ordered and shown by it);
 *   - an OperationOutcome without an issue.
 * Everything else missing (LA name, phone numbers, ids, displays, the viewer's
 * PractitionerRole) is accepted and left NULL.
 */

#include "cpis-fhir-codec.h"

#include <string.h>

#include "cpis-date.h"
#include "cpis-fhir-codec-private.h"
#include "cpis-fhir-json-private.h"
#include "cpis-hub-url.h"
#include "cpis-plan-type.h"
#include "cpis-uuid.h"

/* The deepest CP-IS resource (an AuditEvent agent coding in a Bundle) nests ten levels */
#define MAX_NESTING 64
#define MAX_DOCUMENT_SIZE (64 * 1024 * 1024)

#define ACCESS_EVENT_TYPE_CODE    "access"
#define ACCESS_EVENT_TYPE_DISPLAY "Access/View Record Lifecycle Event"

typedef struct
{
  CpisAccessEvent *event;
  guint            position;
} SortableEvent;

G_DEFINE_QUARK (cpis-fhir-error-quark, cpis_fhir_error)

/* Parsing ---------------------------------------------------------------- */

/* json-glib keeps the last of two members of the same name. A Bundle with
 * "entry" twice (the plans, then []) would then read as "no record": so the
 * members loaded into each object are counted, and an object that ends with
 * fewer members than were loaded into it repeated one. */
typedef struct
{
  GHashTable *loaded;    /* JsonObject → members loaded into it */
  gboolean    repeated;
} MemberCount;

static void
member_loaded_cb (JsonParser  *parser,
                  JsonObject  *object,
                  const char  *name,
                  MemberCount *count)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (count->loaded, object));

  g_hash_table_insert (count->loaded, object, GUINT_TO_POINTER (n + 1));
}

static void
object_ended_cb (JsonParser  *parser,
                 JsonObject  *object,
                 MemberCount *count)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (count->loaded, object));

  if (n > json_object_get_size (object))
    count->repeated = TRUE;
  g_hash_table_remove (count->loaded, object);
}

/* FALSE if brackets and braces outside strings nest deeper than @max */
static gboolean
nesting_within (const char *text,
                gsize       length,
                guint       max)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* Parses @json and checks that its root is a @resource_type resource.
 * Returns the parser (which owns *@root). */
JsonParser *
_cpis_fhir_parse_resource (const char  *json,
                           gssize       length,
                           const char  *resource_type,
                           JsonObject **root,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  MemberCount count = { NULL, FALSE };
  JsonNode *root_node;
  const char *found;
  gboolean loaded;
  gsize size;

  *root = NULL;

  if (json == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                           "The response has no body");
      return NULL;
    }

  size = length < 0 ? strlen (json) : (gsize) length;

  /* A byte order mark is not JSON, but it is harmless */
  if (size >= 3 && memcmp (json, "\xEF\xBB\xBF", 3) == 0)
    {
      json += 3;
      size -= 3;
    }

  if (size > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                   "The response is too large to be a CP-IS response (%" G_GSIZE_FORMAT " bytes)",
                   size);
      return NULL;
    }

  if (!g_utf8_validate_len (json, size, NULL))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                           "The response is not UTF-8 text");
      return NULL;
    }

  if (!nesting_within (json, size, MAX_NESTING))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                   "The response is nested more than %d levels deep", MAX_NESTING);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  count.loaded = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (member_loaded_cb), &count);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_ended_cb), &count);
  loaded = json_parser_load_from_data (parser, json, (gssize) size, &local_error);
  g_signal_handlers_disconnect_by_data (parser, &count);
  g_hash_table_unref (count.loaded);

  if (!loaded)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                   "The response is not JSON: %s", local_error->message);
      return NULL;
    }

  if (count.repeated)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The response gives a member twice in one object, so it cannot "
                           "be read unambiguously");
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                           "The response is empty");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                   "Expected a %s resource, got a JSON %s", resource_type,
                   JSON_NODE_HOLDS_ARRAY (root_node) ? "array" : "value");
      return NULL;
    }

  found = _cpis_json_object_get_string (json_node_get_object (root_node), "resourceType");
  if (g_strcmp0 (found, resource_type) != 0)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                   "Expected a %s resource, got %s",
                   resource_type, found != NULL ? found : "no resourceType");
      return NULL;
    }

  *root = json_node_get_object (root_node);
  return g_steal_pointer (&parser);
}

/* Opens a searchset Bundle: its entries (NULL when there are none) and its total */
JsonParser *
_cpis_fhir_parse_searchset (const char  *json,
                            gssize       length,
                            JsonArray  **entries,
                            gboolean    *has_total,
                            guint       *total,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *type = NULL;
  JsonObject *bundle;
  JsonNode *entry_node;

  *entries = NULL;
  *has_total = FALSE;
  *total = 0;

  parser = _cpis_fhir_parse_resource (json, length, "Bundle", &bundle, error);
  if (parser == NULL)
    return NULL;

  type = _cpis_json_object_dup_trimmed (bundle, "type");
  if (type == NULL || g_ascii_strcasecmp (type, "searchset") != 0)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                   "Expected a searchset Bundle, got a Bundle of type %s",
                   type != NULL ? type : "(none)");
      return NULL;
    }

  /* "total": "abc" and the like are ignored; the entries are counted instead */
  *has_total = _cpis_json_object_get_uint (bundle, "total", total);

  entry_node = json_object_get_member (bundle, "entry");
  if (entry_node != NULL && !JSON_NODE_HOLDS_NULL (entry_node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (entry_node))
        {
          g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                               "The Bundle's entry is not a list");
          return NULL;
        }

      array = json_node_get_array (entry_node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (_cpis_json_array_get_object (array, i) == NULL)
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "Bundle entry %u is not an object", i);
              return NULL;
            }
        }

      *entries = array;
    }

  return g_steal_pointer (&parser);
}

/* The number of matches, checked against Bundle.total. An empty answer ("no
 * record", "no accesses") is read only from a Bundle that says so, with a
 * total of 0: one with no total and no match (its matches dropped, or marked
 * "include") says nothing. A total that disagrees with the matches carried
 * means the answer is not what it claims. */
gboolean
_cpis_fhir_settle_total (gboolean   has_total,
                         guint      bundle_total,
                         guint      matches,
                         guint     *total,
                         GError   **error)
{
  if (matches == 0 && !has_total)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Bundle has no matches and no total, so it does not say "
                           "that nothing was found");
      return FALSE;
    }

  if (has_total && bundle_total != matches)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The Bundle reports %u matches but carries %u", bundle_total, matches);
      return FALSE;
    }

  if (total != NULL)
    *total = matches;

  return TRUE;
}

EntryMode
_cpis_fhir_entry_get_mode (JsonObject *entry)
{
  g_autofree char *mode = NULL;

  mode = _cpis_json_object_dup_trimmed (_cpis_json_object_get_object (entry, "search"), "mode");

  if (mode != NULL && g_ascii_strcasecmp (mode, "include") == 0)
    return ENTRY_MODE_INCLUDE;
  if (mode != NULL && g_ascii_strcasecmp (mode, "outcome") == 0)
    return ENTRY_MODE_OUTCOME;

  /* "match", absent or unknown: treated as a match, which is checked hardest */
  return ENTRY_MODE_MATCH;
}

/* Generic readers -------------------------------------------------------- */

/* The objects of @member, whether it is an array of objects or (tolerated) a
 * single object. Never NULL; the objects belong to @object. */
GPtrArray *
_cpis_fhir_member_objects (JsonObject *object,
                           const char *member)
{
  GPtrArray *objects = g_ptr_array_new ();
  JsonArray *array = _cpis_json_object_get_array (object, member);
  JsonObject *single;

  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *element = _cpis_json_array_get_object (array, i);

          if (element != NULL)
            g_ptr_array_add (objects, element);
        }
    }
  else if ((single = _cpis_json_object_get_object (object, member)) != NULL)
    g_ptr_array_add (objects, single);

  return objects;
}

/* TRUE if @object has no "system" or one equal to @system */
static gboolean
system_is_or_absent (JsonObject *object,
                     const char *system)
{
  g_autofree char *found = _cpis_json_object_dup_trimmed (object, "system");

  return found == NULL || _cpis_json_system_equal (found, system);
}

/* The value of the first identifier in @member of @system (or of no system) */
char *
_cpis_fhir_identifier_value (JsonObject *object,
                             const char *member,
                             const char *system)
{
  g_autoptr(GPtrArray) identifiers = _cpis_fhir_member_objects (object, member);

  for (guint i = 0; i < identifiers->len; i++)
    {
      JsonObject *identifier = g_ptr_array_index (identifiers, i);
      char *value;

      if (!system_is_or_absent (identifier, system))
        continue;

      value = _cpis_json_object_dup_trimmed (identifier, "value");
      if (value != NULL)
        return value;
    }

  return NULL;
}

/* Ten digits from @text, allowing the spaces and dashes people write; else NULL */
char *
_cpis_fhir_normalise_nhs_number (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        return NULL;
    }

  if (digits->len != 10)
    return NULL;

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/* "YYYY-MM-DD" from @text. TRUE if @text is NULL (leaving *@date NULL)
 * or readable; FALSE, with an error, if it is not a date. */
gboolean
_cpis_fhir_parse_date_text (const char  *text,
                            const char  *what,
                            char       **date,
                            GError     **error)
{
  GDate parsed;

  *date = NULL;

  if (text == NULL)
    return TRUE;

  if (!cpis_date_parse (text, &parsed))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "The %s “%s” is not a date", what, text);
      return FALSE;
    }

  *date = cpis_date_to_string (&parsed);
  return TRUE;
}

gboolean
_cpis_fhir_read_date (JsonObject  *object,
                      const char  *member,
                      const char  *what,
                      char       **date,
                      GError     **error)
{
  g_autofree char *text = _cpis_json_object_dup_trimmed (object, member);

  return _cpis_fhir_parse_date_text (text, what, date, error);
}

/* The id after the last "@resource_type/" in @reference, without any
 * "/_history/…"; NULL if @reference does not name that type */
gboolean
_cpis_fhir_is_id (const char *id)
{
  gsize length = 0;

  if (id == NULL)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;

  return length > 0 && length <= 64;
}

char *
_cpis_fhir_id_from_reference (const char *reference,
                              const char *resource_type)
{
  g_autofree char *needle = g_strconcat (resource_type, "/", NULL);
  g_autofree char *trimmed = _cpis_json_strdup_trimmed (reference);
  const char *found = NULL;
  const char *p;
  const char *end;

  if (trimmed == NULL)
    return NULL;

  for (p = strstr (trimmed, needle); p != NULL; p = strstr (p + 1, needle))
    {
      /* "PractitionerRole/" at the start or after a '/', not inside "FooPractitionerRole/" */
      if (p == trimmed || p[-1] == '/')
        found = p + strlen (needle);
    }

  if (found == NULL)
    return NULL;

  end = strchr (found, '/');
  if (end == NULL)
    end = found + strlen (found);

  if (end == found)
    return NULL;

  return g_strndup (found, (gsize) (end - found));
}

/* The resource's id, or else the id its fullUrl gives */
char *
_cpis_fhir_resource_id (JsonObject *resource,
                        const char *full_url,
                        const char *resource_type)
{
  char *id = _cpis_json_object_dup_trimmed (resource, "id");

  if (id == NULL)
    id = _cpis_fhir_id_from_reference (full_url, resource_type);

  return id;
}

/* CareTeam --------------------------------------------------------------- */

static CpisPlanType
plan_type_from_display (const char *display)
{
  static const CpisPlanType known[] = {
    CPIS_PLAN_TYPE_CPP, CPIS_PLAN_TYPE_LAC, CPIS_PLAN_TYPE_UCPP,
  };

  if (display == NULL)
    return CPIS_PLAN_TYPE_UNRECOGNISED;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      const char *known_display = cpis_plan_type_to_snomed_display (known[i]);

      if (known_display != NULL && g_ascii_strcasecmp (display, known_display) == 0)
        return known[i];
    }

  return CPIS_PLAN_TYPE_UNRECOGNISED;
}

/* The plan type from CareTeam.category[].coding[]: a SNOMED CT (or
 * system-less) coding with a known code wins; else the first code found is
 * kept as an unrecognised plan; a coding with a display but no code is read
 * by its display when that display is exactly a known one. */
static void
read_plan_category (JsonObject    *care_team,
                    CpisPlanType  *type,
                    char         **code,
                    char         **display)
{
  g_autoptr(GPtrArray) categories = _cpis_fhir_member_objects (care_team, "category");
  JsonObject *snomed_coded = NULL;
  JsonObject *other_coded = NULL;
  JsonObject *displayed = NULL;

  for (guint i = 0; i < categories->len; i++)
    {
      g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (g_ptr_array_index (categories, i), "coding");

      for (guint j = 0; j < codings->len; j++)
        {
          JsonObject *coding = g_ptr_array_index (codings, j);
          g_autofree char *coding_code = _cpis_json_object_dup_trimmed (coding, "code");
          g_autofree char *coding_display = _cpis_json_object_dup_trimmed (coding, "display");
          gboolean snomed = system_is_or_absent (coding, CPIS_SNOMED_SYSTEM);

          if (coding_code != NULL && snomed &&
              cpis_plan_type_from_snomed (coding_code) != CPIS_PLAN_TYPE_UNRECOGNISED)
            {
              *type = cpis_plan_type_from_snomed (coding_code);
              *code = g_steal_pointer (&coding_code);
              *display = g_steal_pointer (&coding_display);
              return;
            }

          if (coding_code != NULL && snomed && snomed_coded == NULL)
            snomed_coded = coding;
          else if (coding_code != NULL && other_coded == NULL)
            other_coded = coding;
          else if (coding_code == NULL && coding_display != NULL && displayed == NULL)
            displayed = coding;
        }
    }

  if (snomed_coded != NULL || other_coded != NULL)
    {
      JsonObject *coding = snomed_coded != NULL ? snomed_coded : other_coded;

      *type = CPIS_PLAN_TYPE_UNRECOGNISED;
      *code = _cpis_json_object_dup_trimmed (coding, "code");
      *display = _cpis_json_object_dup_trimmed (coding, "display");
      return;
    }

  *display = _cpis_json_object_dup_trimmed (displayed, "display");
  *type = plan_type_from_display (*display);
  /* Understood from its display alone: the code is the one that display stands for */
  *code = g_strdup (cpis_plan_type_to_snomed (*type));
}

static void
read_telecom (JsonObject  *care_team,
              char       **office,
              char       **emergency)
{
  g_autoptr(GPtrArray) telecoms = _cpis_fhir_member_objects (care_team, "telecom");

  for (guint i = 0; i < telecoms->len; i++)
    {
      JsonObject *telecom = g_ptr_array_index (telecoms, i);
      g_autofree char *system = _cpis_json_object_dup_trimmed (telecom, "system");
      g_autofree char *use = _cpis_json_object_dup_trimmed (telecom, "use");
      g_autofree char *value = _cpis_json_object_dup_trimmed (telecom, "value");

      /* A missing system is taken to be a phone: both uses read are phone uses */
      if (value == NULL || use == NULL ||
          (system != NULL && g_ascii_strcasecmp (system, "phone") != 0))
        continue;

      if (g_ascii_strcasecmp (use, "work") == 0 && *office == NULL)
        *office = g_steal_pointer (&value);
      else if (g_ascii_strcasecmp (use, "mobile") == 0 && *emergency == NULL)
        *emergency = g_steal_pointer (&value);
    }
}

/* The date an extension of @url on @care_team gives, as text; NULL if none */
static char *
read_date_extension (JsonObject *care_team,
                     const char *extension_url)
{
  g_autoptr(GPtrArray) extensions = _cpis_fhir_member_objects (care_team, "extension");

  for (guint i = 0; i < extensions->len; i++)
    {
      JsonObject *extension = g_ptr_array_index (extensions, i);
      const char *url = _cpis_json_object_get_string (extension, "url");
      char *value;

      if (!_cpis_json_system_equal (url, extension_url))
        continue;

      value = _cpis_json_object_dup_trimmed (extension, "valueDate");
      if (value == NULL)
        value = _cpis_json_object_dup_trimmed (extension, "valueDateTime");
      if (value != NULL)
        return value;
    }

  return NULL;
}

static CpisPlan *
decode_care_team (JsonObject  *care_team,
                  const char  *full_url,
                  GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *plan_code = NULL;
  g_autofree char *plan_display = NULL;
  g_autofree char *raw_nhs_number = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *subject_name = NULL;
  g_autofree char *la_name = NULL;
  g_autofree char *la_ods_code = NULL;
  g_autofree char *phone_office = NULL;
  g_autofree char *phone_emergency = NULL;
  g_autofree char *start_date = NULL;
  g_autofree char *end_date = NULL;
  g_autofree char *due_date_text = NULL;
  g_autofree char *due_date = NULL;
  g_autofree char *birth_date_text = NULL;
  g_autofree char *birth_date = NULL;
  g_autoptr(GPtrArray) organisations = NULL;
  CpisPlanType plan_type = CPIS_PLAN_TYPE_UNRECOGNISED;
  JsonObject *subject;
  JsonObject *period;

  id = _cpis_fhir_resource_id (care_team, full_url, "CareTeam");

  subject = _cpis_json_object_get_object (care_team, "subject");
  raw_nhs_number = _cpis_fhir_identifier_value (subject, "identifier", CPIS_NHS_NUMBER_SYSTEM);
  nhs_number = _cpis_fhir_normalise_nhs_number (raw_nhs_number);
  if (nhs_number == NULL)
    {
      if (raw_nhs_number != NULL)
        g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                     "CareTeam %s: the subject's NHS number “%s” is not ten digits",
                     id != NULL ? id : "(no id)", raw_nhs_number);
      else
        g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                     "CareTeam %s has no subject NHS number",
                     id != NULL ? id : "(no id)");
      return NULL;
    }
  subject_name = _cpis_json_object_dup_trimmed (subject, "display");

  read_plan_category (care_team, &plan_type, &plan_code, &plan_display);

  organisations = _cpis_fhir_member_objects (care_team, "managingOrganization");
  la_name = _cpis_json_object_dup_trimmed (care_team, "name");
  if (organisations->len > 0)
    {
      JsonObject *organisation = g_ptr_array_index (organisations, 0);

      la_ods_code = _cpis_fhir_identifier_value (organisation, "identifier", CPIS_ODS_CODE_SYSTEM);
      if (la_name == NULL)
        la_name = _cpis_json_object_dup_trimmed (organisation, "display");
    }

  read_telecom (care_team, &phone_office, &phone_emergency);

  period = _cpis_json_object_get_object (care_team, "period");
  if (!_cpis_fhir_read_date (period, "start", "plan start date", &start_date, error) ||
      !_cpis_fhir_read_date (period, "end", "plan end date", &end_date, error))
    return NULL;

  due_date_text = read_date_extension (care_team, CPIS_DUE_DATE_EXTENSION_URL);
  if (!_cpis_fhir_parse_date_text (due_date_text, "expected date of delivery", &due_date, error))
    return NULL;

  birth_date_text = read_date_extension (care_team, CPIS_SUBJECT_BIRTH_DATE_EXTENSION_URL);
  if (!_cpis_fhir_parse_date_text (birth_date_text, "subject's date of birth", &birth_date, error))
    return NULL;

  return g_object_new (CPIS_TYPE_PLAN,
                       "id", id,
                       "plan-type", plan_type,
                       "plan-code", plan_code,
                       "plan-display", plan_display,
                       "nhs-number", nhs_number,
                       "subject-name", subject_name,
                       "subject-birth-date", birth_date,
                       "la-name", la_name,
                       "la-ods-code", la_ods_code,
                       "phone-office", phone_office,
                       "phone-emergency", phone_emergency,
                       "start-date", start_date,
                       "end-date", end_date,
                       "due-date", due_date,
                       NULL);
}

/* PractitionerRole ------------------------------------------------------- */

/* "RKEAA" from "THE WHITTINGTON HOSPITAL NHS TRUST (RKEAA)"; NULL if the
 * display does not end in a parenthesised code of letters and digits */
static char *
ods_code_from_display (const char *display)
{
  g_autofree char *trimmed = _cpis_json_strdup_trimmed (display);
  g_autofree char *code = NULL;
  const char *open;
  gsize len;

  if (trimmed == NULL)
    return NULL;

  len = strlen (trimmed);
  if (trimmed[len - 1] != ')')
    return NULL;

  open = strrchr (trimmed, '(');
  if (open == NULL)
    return NULL;

  code = g_strndup (open + 1, (gsize) (trimmed + len - 1 - (open + 1)));
  g_strstrip (code);

  len = strlen (code);
  if (len < 3 || len > 10)
    return NULL;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (code[i]))
        return NULL;
    }

  return g_steal_pointer (&code);
}

/* The job role from code[].coding[]: the first SNOMED CT (or system-less)
 * coding with a code, else the first coding with a display */
static void
read_job_role (JsonObject  *role,
               char       **code,
               char       **display)
{
  g_autoptr(GPtrArray) concepts = _cpis_fhir_member_objects (role, "code");
  JsonObject *displayed = NULL;

  for (guint i = 0; i < concepts->len; i++)
    {
      g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (g_ptr_array_index (concepts, i), "coding");

      for (guint j = 0; j < codings->len; j++)
        {
          JsonObject *coding = g_ptr_array_index (codings, j);
          g_autofree char *coding_code = _cpis_json_object_dup_trimmed (coding, "code");

          if (coding_code != NULL && system_is_or_absent (coding, CPIS_SNOMED_SYSTEM))
            {
              *code = g_steal_pointer (&coding_code);
              *display = _cpis_json_object_dup_trimmed (coding, "display");
              return;
            }

          if (displayed == NULL && _cpis_json_object_get_string (coding, "display") != NULL)
            displayed = coding;
        }
    }

  *code = NULL;
  *display = _cpis_json_object_dup_trimmed (displayed, "display");
}

/* NULL if the role has no id and its fullUrl gives none */
CpisPractitionerRole *
_cpis_fhir_decode_practitioner_role (JsonObject *role,
                                     const char *full_url)
{
  g_autofree char *id = NULL;
  g_autofree char *practitioner_name = NULL;
  g_autofree char *organisation_name = NULL;
  g_autofree char *organisation_code = NULL;
  g_autofree char *job_role_code = NULL;
  g_autofree char *job_role_display = NULL;
  g_autofree char *role_profile_id = NULL;
  g_autoptr(GPtrArray) profile_identifiers = NULL;
  JsonObject *organisation;

  id = _cpis_fhir_resource_id (role, full_url, "PractitionerRole");
  if (id == NULL)
    id = _cpis_json_strdup_trimmed (full_url);
  if (id == NULL)
    return NULL;

  practitioner_name = _cpis_json_object_dup_trimmed (_cpis_json_object_get_object (role, "practitioner"),
                                                     "display");

  organisation = _cpis_json_object_get_object (role, "organization");
  organisation_name = _cpis_json_object_dup_trimmed (organisation, "display");
  organisation_code = _cpis_fhir_identifier_value (organisation, "identifier", CPIS_ODS_CODE_SYSTEM);
  if (organisation_code == NULL)
    organisation_code = ods_code_from_display (organisation_name);

  read_job_role (role, &job_role_code, &job_role_display);

  /* Only an identifier that says it is a role profile id is one */
  profile_identifiers = _cpis_fhir_member_objects (role, "identifier");
  for (guint i = 0; i < profile_identifiers->len && role_profile_id == NULL; i++)
    {
      JsonObject *identifier = g_ptr_array_index (profile_identifiers, i);

      if (_cpis_json_system_equal (_cpis_json_object_get_string (identifier, "system"),
                                   CPIS_ROLE_PROFILE_SYSTEM))
        role_profile_id = _cpis_json_object_dup_trimmed (identifier, "value");
    }

  return g_object_new (CPIS_TYPE_PRACTITIONER_ROLE,
                       "id", id,
                       "practitioner-name", practitioner_name,
                       "organisation-name", organisation_name,
                       "organisation-code", organisation_code,
                       "job-role-code", job_role_code,
                       "job-role-display", job_role_display,
                       "role-profile-id", role_profile_id,
                       NULL);
}

/* AuditEvent ------------------------------------------------------------- */

typedef enum
{
  AGENT_OTHER,
  AGENT_PATIENT,
  AGENT_ASSIGNED,
} AgentKind;

static AgentKind
agent_kind (JsonObject *agent)
{
  g_autoptr(GPtrArray) codings = _cpis_fhir_member_objects (_cpis_json_object_get_object (agent, "type"), "coding");

  for (guint i = 0; i < codings->len; i++)
    {
      JsonObject *coding = g_ptr_array_index (codings, i);
      g_autofree char *code = _cpis_json_object_dup_trimmed (coding, "code");
      g_autofree char *display = _cpis_json_object_dup_trimmed (coding, "display");

      if (!system_is_or_absent (coding, CPIS_V3_ROLE_CLASS_SYSTEM))
        continue;

      if (code != NULL)
        {
          if (g_ascii_strcasecmp (code, "PAT") == 0)
            return AGENT_PATIENT;
          if (g_ascii_strcasecmp (code, "ASSIGNED") == 0)
            return AGENT_ASSIGNED;
        }
      else if (display != NULL)
        {
          /* The v3-RoleClass displays, for a coding sent without its code */
          if (g_ascii_strcasecmp (display, "patient") == 0)
            return AGENT_PATIENT;
          if (g_ascii_strcasecmp (display, "assigned entity") == 0)
            return AGENT_ASSIGNED;
        }
    }

  return AGENT_OTHER;
}

/* Finds the PractitionerRole that @reference points at: a relative
 * "PractitionerRole/{id}", an absolute URL ending in it, or a fullUrl */
static CpisPractitionerRole *
lookup_role (GHashTable *roles,
             const char *reference)
{
  g_autofree char *trimmed = _cpis_json_strdup_trimmed (reference);
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  CpisPractitionerRole *role;

  if (trimmed == NULL)
    return NULL;

  role = g_hash_table_lookup (roles, trimmed);
  if (role != NULL)
    return role;

  id = _cpis_fhir_id_from_reference (trimmed, "PractitionerRole");
  if (id == NULL)
    return NULL;

  key = g_strconcat ("PractitionerRole/", id, NULL);
  return g_hash_table_lookup (roles, key);
}

void
_cpis_fhir_index_role (GHashTable           *roles,
                       CpisPractitionerRole *role,
                       const char           *full_url)
{
  g_autofree char *url = _cpis_json_strdup_trimmed (full_url);
  g_autofree char *url_id = _cpis_fhir_id_from_reference (url, "PractitionerRole");
  const char *id = cpis_practitioner_role_get_id (role);

  /* The first role given for a key wins */
  if (id != NULL)
    {
      char *key = g_strconcat ("PractitionerRole/", id, NULL);

      if (!g_hash_table_contains (roles, key))
        g_hash_table_insert (roles, key, role);
      else
        g_free (key);
    }

  if (url != NULL && !g_hash_table_contains (roles, url))
    g_hash_table_insert (roles, g_strdup (url), role);

  if (url_id != NULL)
    {
      char *key = g_strconcat ("PractitionerRole/", url_id, NULL);

      if (!g_hash_table_contains (roles, key))
        g_hash_table_insert (roles, key, role);
      else
        g_free (key);
    }
}

CpisAccessEvent *
_cpis_fhir_decode_audit_event (JsonObject  *audit_event,
                               const char  *full_url,
                               GHashTable  *roles,
                               GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *recorded_text = NULL;
  g_autofree char *nhs_number = NULL;
  g_autofree char *role_id = NULL;
  g_autoptr(GDateTime) recorded = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GPtrArray) agents = NULL;
  const char *references[3] = { NULL, NULL, NULL };
  const char *requestor_reference = NULL;
  CpisPractitionerRole *role = NULL;

  id = _cpis_fhir_resource_id (audit_event, full_url, "AuditEvent");

  recorded_text = _cpis_json_object_dup_trimmed (audit_event, "recorded");
  if (recorded_text != NULL)
    recorded = g_date_time_new_from_iso8601 (recorded_text, utc);
  if (recorded == NULL)
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                   "AuditEvent %s: “recorded” %s",
                   id != NULL ? id : "(no id)",
                   recorded_text != NULL ? "is not a date and time" : "is missing");
      return NULL;
    }

  agents = _cpis_fhir_member_objects (audit_event, "agent");
  for (guint i = 0; i < agents->len; i++)
    {
      JsonObject *agent = g_ptr_array_index (agents, i);
      JsonObject *who = _cpis_json_object_get_object (agent, "who");
      const char *reference = _cpis_json_object_get_string (who, "reference");
      AgentKind kind = agent_kind (agent);
      gboolean requestor = FALSE;

      if (kind == AGENT_PATIENT && nhs_number == NULL)
        {
          g_autofree char *value = _cpis_fhir_identifier_value (who, "identifier", CPIS_NHS_NUMBER_SYSTEM);

          nhs_number = _cpis_fhir_normalise_nhs_number (value);
          if (nhs_number == NULL)
            nhs_number = g_steal_pointer (&value);
        }
      else if (kind == AGENT_ASSIGNED && references[0] == NULL && reference != NULL)
        references[0] = reference;
      else if (kind == AGENT_OTHER && requestor_reference == NULL && reference != NULL &&
               _cpis_json_object_get_boolean (agent, "requestor", &requestor) && requestor)
        requestor_reference = reference;
    }

  /* The viewer: the ASSIGNED agent, else source.observer, else the requestor */
  references[1] = _cpis_json_object_get_string (_cpis_json_object_get_object (_cpis_json_object_get_object (audit_event, "source"),
                                                                              "observer"),
                                                "reference");
  references[2] = requestor_reference;

  for (guint i = 0; i < G_N_ELEMENTS (references) && role == NULL; i++)
    role = lookup_role (roles, references[i]);

  if (role != NULL)
    role_id = g_strdup (cpis_practitioner_role_get_id (role));

  for (guint i = 0; i < G_N_ELEMENTS (references) && role_id == NULL; i++)
    role_id = _cpis_fhir_id_from_reference (references[i], "PractitionerRole");

  return g_object_new (CPIS_TYPE_ACCESS_EVENT,
                       "id", id,
                       "recorded", recorded,
                       "nhs-number", nhs_number,
                       "practitioner-role-id", role_id,
                       "practitioner-role", role,
                       NULL);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const SortableEvent *first = a;
  const SortableEvent *second = b;
  int order;

  order = g_date_time_compare (cpis_access_event_get_recorded (second->event),
                               cpis_access_event_get_recorded (first->event));
  if (order != 0)
    return order;

  /* Same instant: keep the order the bundle gave */
  return (first->position > second->position) - (first->position < second->position);
}

/* A searchset may carry an OperationOutcome entry (search.mode "outcome")
 * about the search itself. An error or fatal issue there means the answer is
 * not to be trusted: it must never read as an empty result ("no record"). */
gboolean
_cpis_fhir_check_outcome_entries (JsonArray  *entries,
                                  GError    **error)
{
  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      JsonArray *issues;

      if (g_strcmp0 (_cpis_json_object_get_string (resource, "resourceType"),
                     "OperationOutcome") != 0)
        continue;

      issues = _cpis_json_object_get_array (resource, "issue");
      for (guint j = 0; j < _cpis_json_array_get_length (issues); j++)
        {
          JsonObject *issue = _cpis_json_array_get_object (issues, j);
          g_autofree char *severity = _cpis_json_object_dup_trimmed (issue, "severity");

          if (severity != NULL && (g_ascii_strcasecmp (severity, "error") == 0 ||
                                   g_ascii_strcasecmp (severity, "fatal") == 0))
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "Bundle entry %u reports an %s: the search did not complete",
                           i, severity);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Decoding: public API --------------------------------------------------- */

GPtrArray *
cpis_fhir_decode_care_team_bundle (const char  *json,
                                   gssize       length,
                                   guint       *total,
                                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  JsonArray *entries;
  gboolean has_total;
  guint bundle_total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &bundle_total, error);
  if (parser == NULL || !_cpis_fhir_check_outcome_entries (entries, error))
    return NULL;

  plans = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      const char *full_url = _cpis_json_object_get_string (entry, "fullUrl");
      const char *resource_type = _cpis_json_object_get_string (resource, "resourceType");
      CpisPlan *plan;

      if (_cpis_fhir_entry_get_mode (entry) != ENTRY_MODE_MATCH)
        {
          /* a CareTeam that is not a match in a CareTeam search: a plan the
           * count would leave out */
          if (g_strcmp0 (resource_type, "CareTeam") == 0)
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "Bundle entry %u is a CareTeam not marked as a match", i);
              return NULL;
            }
          continue;
        }

      if (resource == NULL)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u has no resource", i);
          return NULL;
        }

      if (plans->len == CPIS_FHIR_MAX_PLANS)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "The Bundle carries more than %u plans: no child has that many",
                       CPIS_FHIR_MAX_PLANS);
          return NULL;
        }

      if (g_strcmp0 (resource_type, "CareTeam") != 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                       "Bundle entry %u is a %s, not a CareTeam",
                       i, resource_type != NULL ? resource_type : "resource of no type");
          return NULL;
        }

      plan = decode_care_team (resource, full_url, error);
      if (plan == NULL)
        return NULL;

      g_ptr_array_add (plans, plan);
    }

  if (!_cpis_fhir_settle_total (has_total, bundle_total, plans->len, total, error))
    return NULL;

  return g_steal_pointer (&plans);
}

GPtrArray *
cpis_fhir_decode_audit_event_bundle (const char  *json,
                                     gssize       length,
                                     guint       *total,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) role_objects = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GPtrArray) event_entries = NULL;
  g_autoptr(GArray) sortable = NULL;
  g_autoptr(GPtrArray) events = NULL;
  JsonArray *entries;
  gboolean has_total;
  guint bundle_total;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_searchset (json, length, &entries, &has_total, &bundle_total, error);
  if (parser == NULL || !_cpis_fhir_check_outcome_entries (entries, error))
    return NULL;

  role_objects = g_ptr_array_new_with_free_func (g_object_unref);
  roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  event_entries = g_ptr_array_new ();

  /* First the roles, wherever they are in the bundle; then the events */
  for (guint i = 0; i < _cpis_json_array_get_length (entries); i++)
    {
      JsonObject *entry = _cpis_json_array_get_object (entries, i);
      JsonObject *resource = _cpis_json_object_get_object (entry, "resource");
      const char *resource_type = _cpis_json_object_get_string (resource, "resourceType");
      EntryMode mode = _cpis_fhir_entry_get_mode (entry);

      if (mode == ENTRY_MODE_OUTCOME)
        continue;

      if (resource == NULL)
        {
          if (mode == ENTRY_MODE_INCLUDE)
            continue;

          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u has no resource", i);
          return NULL;
        }

      if (g_strcmp0 (resource_type, "PractitionerRole") == 0)
        {
          const char *full_url = _cpis_json_object_get_string (entry, "fullUrl");
          CpisPractitionerRole *role = _cpis_fhir_decode_practitioner_role (resource, full_url);

          if (role != NULL)
            {
              g_ptr_array_add (role_objects, role);
              _cpis_fhir_index_role (roles, role, full_url);
            }
        }
      else if (mode == ENTRY_MODE_MATCH && g_strcmp0 (resource_type, "AuditEvent") == 0)
        {
          if (event_entries->len == CPIS_FHIR_MAX_ACCESS_EVENTS)
            {
              g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The Bundle carries more than %u accesses",
                           CPIS_FHIR_MAX_ACCESS_EVENTS);
              return NULL;
            }
          g_ptr_array_add (event_entries, entry);
        }
      else if (g_strcmp0 (resource_type, "AuditEvent") == 0)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                       "Bundle entry %u is an AuditEvent not marked as a match", i);
          return NULL;
        }
      else if (mode == ENTRY_MODE_MATCH)
        {
          g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                       "Bundle entry %u is a %s, not an AuditEvent",
                       i, resource_type != NULL ? resource_type : "resource of no type");
          return NULL;
        }
    }

  sortable = g_array_sized_new (FALSE, FALSE, sizeof (SortableEvent), event_entries->len);
  for (guint i = 0; i < event_entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (event_entries, i);
      SortableEvent item;

      item.position = i;
      item.event = _cpis_fhir_decode_audit_event (_cpis_json_object_get_object (entry, "resource"),
                                                  _cpis_json_object_get_string (entry, "fullUrl"),
                                                  roles, error);
      if (item.event == NULL)
        {
          for (guint j = 0; j < sortable->len; j++)
            g_object_unref (g_array_index (sortable, SortableEvent, j).event);
          return NULL;
        }

      g_array_append_val (sortable, item);
    }

  g_array_sort (sortable, compare_newest_first);

  events = g_ptr_array_new_full (sortable->len, g_object_unref);
  for (guint i = 0; i < sortable->len; i++)
    g_ptr_array_add (events, g_array_index (sortable, SortableEvent, i).event);

  if (!_cpis_fhir_settle_total (has_total, bundle_total, events->len, total, error))
    return NULL;

  return g_steal_pointer (&events);
}

CpisOperationOutcome *
cpis_fhir_decode_operation_outcome (const char  *json,
                                    gssize       length,
                                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autofree char *severity = NULL;
  g_autofree char *code = NULL;
  g_autofree char *details_code = NULL;
  g_autofree char *details_display = NULL;
  g_autofree char *diagnostics = NULL;
  JsonObject *outcome;
  JsonObject *issue;
  JsonObject *details;
  JsonObject *chosen = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = _cpis_fhir_parse_resource (json, length, "OperationOutcome", &outcome, error);
  if (parser == NULL)
    return NULL;

  issues = _cpis_fhir_member_objects (outcome, "issue");
  if (issues->len == 0)
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The OperationOutcome has no issue");
      return NULL;
    }

  issue = g_ptr_array_index (issues, 0);
  severity = _cpis_json_object_dup_trimmed (issue, "severity");
  code = _cpis_json_object_dup_trimmed (issue, "code");
  diagnostics = _cpis_json_object_dup_trimmed (issue, "diagnostics");

  /* The Spine error coding, else the first coding there is */
  details = _cpis_json_object_get_object (issue, "details");
  codings = _cpis_fhir_member_objects (details, "coding");
  for (guint i = 0; i < codings->len && chosen == NULL; i++)
    {
      JsonObject *coding = g_ptr_array_index (codings, i);

      if (_cpis_json_system_equal (_cpis_json_object_get_string (coding, "system"),
                                   CPIS_SPINE_ERROR_SYSTEM))
        chosen = coding;
    }
  if (chosen == NULL && codings->len > 0)
    chosen = g_ptr_array_index (codings, 0);

  details_code = _cpis_json_object_dup_trimmed (chosen, "code");
  details_display = _cpis_json_object_dup_trimmed (chosen, "display");
  if (details_display == NULL)
    details_display = _cpis_json_object_dup_trimmed (details, "text");

  return cpis_operation_outcome_new (severity, code, details_code, details_display, diagnostics);
}

/* Encoding --------------------------------------------------------------- */

void
_cpis_fhir_add_string_member (JsonBuilder *builder,
                              const char  *member,
                              const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* {system, code, display} with whichever of code and display are known */
void
_cpis_fhir_add_coding (JsonBuilder *builder,
                       const char  *system,
                       const char  *code,
                       const char  *display)
{
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "system", system);
  _cpis_fhir_add_string_member (builder, "code", code);
  _cpis_fhir_add_string_member (builder, "display", display);
  json_builder_end_object (builder);
}

/* "@member": {"coding": [{system, code, display}]} */
void
_cpis_fhir_add_codeable_concept (JsonBuilder *builder,
                                 const char  *member,
                                 const char  *system,
                                 const char  *code,
                                 const char  *display)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  _cpis_fhir_add_coding (builder, system, code, display);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
_cpis_fhir_add_identifier (JsonBuilder *builder,
                           const char  *system,
                           const char  *value)
{
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "system", system);
  _cpis_fhir_add_string_member (builder, "value", value);
  json_builder_end_object (builder);
}

char *
_cpis_fhir_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Opens the Bundle object and leaves the builder inside "entry": [ when
 * there are entries; close with end_searchset() */
static void
begin_searchset (JsonBuilder *builder,
                 const char  *bundle_id,
                 guint        total,
                 const char  *self_url,
                 gboolean     has_entries)
{
  g_autofree char *generated_id = NULL;

  if (bundle_id == NULL)
    bundle_id = generated_id = cpis_uuid_new ();

  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "Bundle");
  _cpis_fhir_add_string_member (builder, "id", bundle_id);
  _cpis_fhir_add_string_member (builder, "type", "searchset");
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);

  if (self_url != NULL)
    {
      json_builder_set_member_name (builder, "link");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "relation", "self");
      _cpis_fhir_add_string_member (builder, "url", self_url);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (has_entries)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
    }
}

static void
end_searchset (JsonBuilder *builder,
               gboolean     has_entries)
{
  if (has_entries)
    json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Opens an entry {fullUrl, resource: { resourceType, id … */
static void
begin_entry (JsonBuilder *builder,
             const char  *base,
             const char  *resource_type,
             const char  *id)
{
  json_builder_begin_object (builder);

  if (id != NULL)
    {
      g_autofree char *full_url = g_strdup_printf ("%s/%s/%s", base, resource_type, id);

      _cpis_fhir_add_string_member (builder, "fullUrl", full_url);
    }

  json_builder_set_member_name (builder, "resource");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", resource_type);
  _cpis_fhir_add_string_member (builder, "id", id);
}

/* … }, search: {mode} } */
static void
end_entry (JsonBuilder *builder,
           const char  *mode)
{
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "search");
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "mode", mode);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_care_team (JsonBuilder *builder,
               CpisPlan    *plan)
{
  CpisPlanType type = cpis_plan_get_plan_type (plan);
  const char *code = cpis_plan_get_plan_code (plan);
  const char *display = cpis_plan_get_plan_display (plan);
  const char *nhs_number = cpis_plan_get_nhs_number (plan);
  const char *subject_name = cpis_plan_get_subject_name (plan);
  const char *office = cpis_plan_get_phone_office (plan);
  const char *emergency = cpis_plan_get_phone_emergency (plan);
  const char *start = cpis_plan_get_start_date (plan);
  const char *end = cpis_plan_get_end_date (plan);
  const char *ods_code = cpis_plan_get_la_ods_code (plan);
  const char *due_date = cpis_plan_get_due_date (plan);
  const char *birth_date = cpis_plan_get_subject_birth_date (plan);
  const char *extension_urls[] = { CPIS_DUE_DATE_EXTENSION_URL,
                                   CPIS_SUBJECT_BIRTH_DATE_EXTENSION_URL };
  const char *extension_dates[] = { due_date, birth_date };

  /* A known type is sent with its own code and display; an unrecognised one as received */
  if (type != CPIS_PLAN_TYPE_UNRECOGNISED)
    {
      code = cpis_plan_type_to_snomed (type);
      display = cpis_plan_type_to_snomed_display (type);
    }

  if (code != NULL || display != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_begin_array (builder);
      _cpis_fhir_add_codeable_concept (builder, NULL, CPIS_SNOMED_SYSTEM, code, display);
      json_builder_end_array (builder);
    }

  _cpis_fhir_add_string_member (builder, "name", cpis_plan_get_la_name (plan));

  if (nhs_number != NULL || subject_name != NULL)
    {
      json_builder_set_member_name (builder, "subject");
      json_builder_begin_object (builder);
      if (nhs_number != NULL)
        {
          json_builder_set_member_name (builder, "identifier");
          _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, nhs_number);
        }
      _cpis_fhir_add_string_member (builder, "display", subject_name);
      json_builder_end_object (builder);
    }

  if (office != NULL || emergency != NULL)
    {
      const char *numbers[] = { office, emergency };
      const char *uses[] = { "work", "mobile" };

      json_builder_set_member_name (builder, "telecom");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
        {
          if (numbers[i] == NULL)
            continue;

          json_builder_begin_object (builder);
          _cpis_fhir_add_string_member (builder, "system", "phone");
          _cpis_fhir_add_string_member (builder, "value", numbers[i]);
          _cpis_fhir_add_string_member (builder, "use", uses[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (start != NULL || end != NULL)
    {
      json_builder_set_member_name (builder, "period");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "start", start);
      _cpis_fhir_add_string_member (builder, "end", end);
      json_builder_end_object (builder);
    }

  if (ods_code != NULL)
    {
      json_builder_set_member_name (builder, "managingOrganization");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identifier");
      _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, ods_code);
      _cpis_fhir_add_string_member (builder, "display", cpis_plan_get_la_name (plan));
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  if (due_date != NULL || birth_date != NULL)
    {
      json_builder_set_member_name (builder, "extension");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (extension_urls); i++)
        {
          if (extension_dates[i] == NULL)
            continue;

          json_builder_begin_object (builder);
          _cpis_fhir_add_string_member (builder, "url", extension_urls[i]);
          _cpis_fhir_add_string_member (builder, "valueDate", extension_dates[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
}

CpisPlan *
_cpis_fhir_decode_care_team (JsonObject  *care_team,
                             const char  *full_url,
                             GError     **error)
{
  return decode_care_team (care_team, full_url, error);
}

void
_cpis_fhir_add_care_team (JsonBuilder *builder,
                          CpisPlan    *plan)
{
  add_care_team (builder, plan);
}

/* An instant with its own offset: "2023-09-07T17:36:41+00:00" (with
 * microseconds only when there are any) */
char *
_cpis_fhir_format_instant (GDateTime *date_time)
{
  if (g_date_time_get_microsecond (date_time) != 0)
    return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%S.%f%:z");

  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%S%:z");
}

static const char *
event_role_id (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);

  if (role != NULL && cpis_practitioner_role_get_id (role) != NULL)
    return cpis_practitioner_role_get_id (role);

  return cpis_access_event_get_practitioner_role_id (event);
}

static void
add_agent (JsonBuilder *builder,
           const char  *code,
           const char  *display,
           const char  *nhs_number,
           const char  *reference,
           gboolean     requestor)
{
  json_builder_begin_object (builder);
  _cpis_fhir_add_codeable_concept (builder, "type", CPIS_V3_ROLE_CLASS_SYSTEM, code, display);

  if (nhs_number != NULL || reference != NULL)
    {
      json_builder_set_member_name (builder, "who");
      json_builder_begin_object (builder);
      if (nhs_number != NULL)
        {
          json_builder_set_member_name (builder, "identifier");
          _cpis_fhir_add_identifier (builder, CPIS_NHS_NUMBER_SYSTEM, nhs_number);
        }
      _cpis_fhir_add_string_member (builder, "reference", reference);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "requestor");
  json_builder_add_boolean_value (builder, requestor);
  json_builder_end_object (builder);
}

static void
add_audit_event (JsonBuilder     *builder,
                 CpisAccessEvent *event)
{
  GDateTime *recorded = cpis_access_event_get_recorded (event);
  const char *role_id = event_role_id (event);
  g_autofree char *reference = NULL;

  if (role_id != NULL)
    reference = g_strconcat ("PractitionerRole/", role_id, NULL);

  json_builder_set_member_name (builder, "type");
  _cpis_fhir_add_coding (builder, CPIS_LIFECYCLE_SYSTEM, ACCESS_EVENT_TYPE_CODE, ACCESS_EVENT_TYPE_DISPLAY);

  if (recorded != NULL)
    {
      g_autofree char *instant = _cpis_fhir_format_instant (recorded);

      _cpis_fhir_add_string_member (builder, "recorded", instant);
    }

  json_builder_set_member_name (builder, "agent");
  json_builder_begin_array (builder);
  add_agent (builder, "PAT", "patient", cpis_access_event_get_nhs_number (event), NULL, FALSE);
  add_agent (builder, "ASSIGNED", "assigned entity", NULL, reference, TRUE);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "observer");
  json_builder_begin_object (builder);
  if (reference != NULL)
    _cpis_fhir_add_string_member (builder, "reference", reference);
  else
    _cpis_fhir_add_string_member (builder, "display", "Unknown");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_practitioner_role (JsonBuilder          *builder,
                       CpisPractitionerRole *role)
{
  const char *role_profile_id = cpis_practitioner_role_get_role_profile_id (role);
  const char *practitioner_name = cpis_practitioner_role_get_practitioner_name (role);
  const char *organisation_name = cpis_practitioner_role_get_organisation_name (role);
  const char *organisation_code = cpis_practitioner_role_get_organisation_code (role);
  const char *job_role_code = cpis_practitioner_role_get_job_role_code (role);
  const char *job_role_display = cpis_practitioner_role_get_job_role_display (role);

  if (role_profile_id != NULL)
    {
      json_builder_set_member_name (builder, "identifier");
      json_builder_begin_array (builder);
      _cpis_fhir_add_identifier (builder, CPIS_ROLE_PROFILE_SYSTEM, role_profile_id);
      json_builder_end_array (builder);
    }

  if (practitioner_name != NULL)
    {
      json_builder_set_member_name (builder, "practitioner");
      json_builder_begin_object (builder);
      _cpis_fhir_add_string_member (builder, "display", practitioner_name);
      json_builder_end_object (builder);
    }

  if (organisation_name != NULL || organisation_code != NULL)
    {
      json_builder_set_member_name (builder, "organization");
      json_builder_begin_object (builder);
      if (organisation_code != NULL)
        {
          json_builder_set_member_name (builder, "identifier");
          _cpis_fhir_add_identifier (builder, CPIS_ODS_CODE_SYSTEM, organisation_code);
        }
      _cpis_fhir_add_string_member (builder, "display", organisation_name);
      json_builder_end_object (builder);
    }

  if (job_role_code != NULL || job_role_display != NULL)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_begin_array (builder);
      _cpis_fhir_add_codeable_concept (builder, NULL, CPIS_SNOMED_SYSTEM, job_role_code, job_role_display);
      json_builder_end_array (builder);
    }
}

/* Entries other encoders share (the hub's Task answers include the
 * AuditEvent and PractitionerRole of each notification, as the access
 * history has them) */

void
_cpis_fhir_add_audit_event_entry (JsonBuilder     *builder,
                                  const char      *base_url,
                                  CpisAccessEvent *event,
                                  const char      *mode)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (CPIS_IS_ACCESS_EVENT (event));

  begin_entry (builder, base_url, "AuditEvent", cpis_access_event_get_id (event));
  add_audit_event (builder, event);
  end_entry (builder, mode);
}

void
_cpis_fhir_add_practitioner_role_entry (JsonBuilder          *builder,
                                        const char           *base_url,
                                        CpisPractitionerRole *role,
                                        const char           *mode)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (CPIS_IS_PRACTITIONER_ROLE (role));

  begin_entry (builder, base_url, "PractitionerRole", cpis_practitioner_role_get_id (role));
  add_practitioner_role (builder, role);
  end_entry (builder, mode);
}

/* The searchset and its entries, for the codec's other files (the
 * directory of an LA's teams and social workers) */

void
_cpis_fhir_begin_searchset (JsonBuilder *builder,
                            const char  *bundle_id,
                            guint        total,
                            const char  *self_url)
{
  begin_searchset (builder, bundle_id, total, self_url, total > 0);
}

void
_cpis_fhir_end_searchset (JsonBuilder *builder,
                          guint        total)
{
  end_searchset (builder, total > 0);
}

void
_cpis_fhir_begin_entry (JsonBuilder *builder,
                        const char  *base_url,
                        const char  *resource_type,
                        const char  *id)
{
  begin_entry (builder, base_url, resource_type, id);
}

void
_cpis_fhir_end_entry (JsonBuilder *builder,
                      const char  *mode)
{
  end_entry (builder, mode);
}

/* Encoding: public API --------------------------------------------------- */

char *
cpis_fhir_encode_care_team_bundle (GPtrArray  *plans,
                                   const char *base_url,
                                   const char *self_url,
                                   const char *bundle_id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *base = NULL;
  gboolean has_entries;

  g_return_val_if_fail (plans != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  builder = json_builder_new ();
  has_entries = plans->len > 0;

  begin_searchset (builder, bundle_id, plans->len, self_url, has_entries);
  for (guint i = 0; i < plans->len; i++)
    {
      CpisPlan *plan = g_ptr_array_index (plans, i);

      g_return_val_if_fail (CPIS_IS_PLAN (plan), NULL);

      begin_entry (builder, base, "CareTeam", cpis_plan_get_id (plan));
      add_care_team (builder, plan);
      end_entry (builder, "match");
    }
  end_searchset (builder, has_entries);

  return _cpis_fhir_builder_to_string (builder);
}

char *
cpis_fhir_encode_audit_event_bundle (GPtrArray  *events,
                                     const char *base_url,
                                     const char *self_url,
                                     const char *bundle_id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GHashTable) included = NULL;
  g_autofree char *base = NULL;
  gboolean has_entries;

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  base = cpis_hub_url_normalise (base_url);
  builder = json_builder_new ();
  included = g_hash_table_new (g_str_hash, g_str_equal);
  has_entries = events->len > 0;

  begin_searchset (builder, bundle_id, events->len, self_url, has_entries);

  for (guint i = 0; i < events->len; i++)
    {
      CpisAccessEvent *event = g_ptr_array_index (events, i);

      g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (event), NULL);

      begin_entry (builder, base, "AuditEvent", cpis_access_event_get_id (event));
      add_audit_event (builder, event);
      end_entry (builder, "match");
    }

  /* Each distinct PractitionerRole once, in the order first referred to */
  for (guint i = 0; i < events->len; i++)
    {
      CpisAccessEvent *event = g_ptr_array_index (events, i);
      CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);
      const char *id;

      if (role == NULL)
        continue;

      id = cpis_practitioner_role_get_id (role);
      if (id == NULL || g_hash_table_contains (included, id))
        continue;

      g_hash_table_add (included, (gpointer) id);

      begin_entry (builder, base, "PractitionerRole", id);
      add_practitioner_role (builder, role);
      end_entry (builder, "include");
    }

  end_searchset (builder, has_entries);

  return _cpis_fhir_builder_to_string (builder);
}

char *
cpis_fhir_encode_operation_outcome (CpisOperationOutcome *outcome,
                                    const char           *id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char *severity;
  const char *code;
  const char *details_code;
  const char *details_display;

  g_return_val_if_fail (CPIS_IS_OPERATION_OUTCOME (outcome), NULL);

  severity = cpis_operation_outcome_get_severity (outcome);
  code = cpis_operation_outcome_get_code (outcome);
  details_code = cpis_operation_outcome_get_details_code (outcome);
  details_display = cpis_operation_outcome_get_details_display (outcome);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _cpis_fhir_add_string_member (builder, "resourceType", "OperationOutcome");
  _cpis_fhir_add_string_member (builder, "id", id);

  json_builder_set_member_name (builder, "issue");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  /* Both are required in R4 */
  _cpis_fhir_add_string_member (builder, "severity", severity != NULL ? severity : "error");
  _cpis_fhir_add_string_member (builder, "code", code != NULL ? code : "exception");
  if (details_code != NULL || details_display != NULL)
    _cpis_fhir_add_codeable_concept (builder, "details", cpis_operation_outcome_get_details_system (outcome),
                                     details_code, details_display);
  _cpis_fhir_add_string_member (builder, "diagnostics", cpis_operation_outcome_get_diagnostics (outcome));
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return _cpis_fhir_builder_to_string (builder);
}
