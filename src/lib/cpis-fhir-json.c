/* cpis-fhir-json.c: null-safe JSON getters for the FHIR codec */

#include "cpis-fhir-json-private.h"

#include <string.h>

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  g_assert (member != NULL);

  if (object == NULL)
    return NULL;

  return json_object_get_member (object, member);
}

static const char *
node_get_string (JsonNode *node)
{
  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
_cpis_json_object_get_object (JsonObject *object,
                              const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
_cpis_json_object_get_array (JsonObject *object,
                             const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

const char *
_cpis_json_object_get_string (JsonObject *object,
                              const char *member)
{
  return node_get_string (get_member (object, member));
}

char *
_cpis_json_object_dup_trimmed (JsonObject *object,
                               const char *member)
{
  return _cpis_json_strdup_trimmed (_cpis_json_object_get_string (object, member));
}

gboolean
_cpis_json_object_get_boolean (JsonObject *object,
                               const char *member,
                               gboolean   *value)
{
  JsonNode *node = get_member (object, member);
  g_autofree char *text = NULL;

  g_assert (value != NULL);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }

  /* The national examples send "true"/"false" as strings */
  text = _cpis_json_strdup_trimmed (node_get_string (node));
  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "true") == 0)
    {
      *value = TRUE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "false") == 0)
    {
      *value = FALSE;
      return TRUE;
    }

  return FALSE;
}

gboolean
_cpis_json_object_get_uint (JsonObject *object,
                            const char *member,
                            guint      *value)
{
  JsonNode *node = get_member (object, member);
  GType type;

  g_assert (value != NULL);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number < 0 || number > G_MAXUINT)
        return FALSE;

      *value = (guint) number;
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (node);

      /* 1.0 is a whole number; 1.5, NaN and huge values are not */
      if (!(number >= 0 && number <= G_MAXUINT) || number != (double) (guint) number)
        return FALSE;

      *value = (guint) number;
      return TRUE;
    }

  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = _cpis_json_strdup_trimmed (json_node_get_string (node));
      guint64 number;

      if (text == NULL ||
          !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
        return FALSE;

      *value = (guint) number;
      return TRUE;
    }

  return FALSE;
}

JsonObject *
_cpis_json_array_get_object (JsonArray *array,
                             guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

guint
_cpis_json_array_get_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

char *
_cpis_json_strdup_trimmed (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

/* @system without surrounding space and without "http://" or "https://" */
static char *
system_without_scheme (const char *system)
{
  g_autofree char *trimmed = _cpis_json_strdup_trimmed (system);
  const char *rest;

  if (trimmed == NULL)
    return NULL;

  rest = trimmed;
  if (g_ascii_strncasecmp (rest, "https://", strlen ("https://")) == 0)
    rest += strlen ("https://");
  else if (g_ascii_strncasecmp (rest, "http://", strlen ("http://")) == 0)
    rest += strlen ("http://");

  return g_strdup (rest);
}

gboolean
_cpis_json_system_equal (const char *a,
                         const char *b)
{
  g_autofree char *bare_a = system_without_scheme (a);
  g_autofree char *bare_b = system_without_scheme (b);

  if (bare_a == NULL || bare_b == NULL)
    return FALSE;

  return g_ascii_strcasecmp (bare_a, bare_b) == 0;
}
