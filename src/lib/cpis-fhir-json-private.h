/* cpis-fhir-json-private.h: null-safe JSON getters for the FHIR codec
 *
 * Every getter checks the node type and answers NULL (or FALSE) for a
 * missing member, a JSON null or a member of the wrong type, so the codec
 * never trips a json-glib assertion on a payload it did not expect. A NULL
 * object or array is accepted everywhere, so lookups chain:
 *   _cpis_json_object_get_string (_cpis_json_object_get_object (o, "subject"), "display")
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *_cpis_json_object_get_object  (JsonObject  *object,
                                           const char  *member);
JsonArray  *_cpis_json_object_get_array   (JsonObject  *object,
                                           const char  *member);
/* NULL if absent or not a string */
const char *_cpis_json_object_get_string  (JsonObject  *object,
                                           const char  *member);
/* The member, trimmed of surrounding white space, as a new string;
 * NULL if absent, not a string, or nothing but white space */
char       *_cpis_json_object_dup_trimmed (JsonObject  *object,
                                           const char  *member);
/* TRUE if the member is a boolean, or a string "true"/"false" (any case,
 * surrounding space ignored), storing it in @value; FALSE otherwise */
gboolean    _cpis_json_object_get_boolean (JsonObject  *object,
                                           const char  *member,
                                           gboolean    *value);
/* TRUE if the member is a non-negative whole number (or a string of
 * decimal digits) that fits a guint, storing it in @value */
gboolean    _cpis_json_object_get_uint    (JsonObject  *object,
                                           const char  *member,
                                           guint       *value);
/* NULL if @index is out of range or the element is not an object */
JsonObject *_cpis_json_array_get_object   (JsonArray   *array,
                                           guint        index);
guint       _cpis_json_array_get_length   (JsonArray   *array);

/* A copy of @text without surrounding white space; NULL if @text is NULL
 * or nothing but white space */
char       *_cpis_json_strdup_trimmed     (const char  *text);

/* TRUE if the two identifier or code systems name the same thing, allowing
 * "http:" for "https:", any letter case and surrounding space */
gboolean    _cpis_json_system_equal       (const char  *a,
                                           const char  *b);

G_END_DECLS
