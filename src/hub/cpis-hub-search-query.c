/* cpis-hub-search-query.c: a search's query, read by its parameter table
 *
 * What every search of the hub's own (Task, the LA's teams and social
 * workers) refuses alike: a parameter it does not know (refused, not
 * ignored: a filter that silently did nothing would show everything), one
 * given twice that may not be, an empty value, a query that cannot be
 * decoded. Each value is then handed to the search's own reader.
 */
#include <string.h>

#include "cpis-hub-capability.h"
#include "cpis-hub-response.h"

/* A parameter name safe to repeat in a sentence: short, plain ASCII */
static gboolean
is_printable_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 40)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_:.-", *p) == NULL)
      return FALSE;

  return TRUE;
}

gboolean
_cpis_hub_read_search_query (SoupServerMessage        *msg,
                             const CpisHubSearchParam *params,
                             guint                     n_params,
                             CpisHubSearchParamReader  read_param,
                             gpointer                  user_data)
{
  const char *text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *given = g_new0 (gboolean, n_params);
  GUriParamsIter iter;
  char *name, *value;

  g_uri_params_iter_init (&iter, text != NULL ? text : "", -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      g_autofree char *owned_name = name;
      g_autofree char *owned_value = value;
      int param = -1;

      for (guint i = 0; i < n_params && param < 0; i++)
        if (g_str_equal (name, params[i].name))
          param = (int) i;

      if (param < 0)
        {
          g_autofree char *diagnostics = NULL;

          if (is_printable_name (name))
            diagnostics = g_strdup_printf ("This hub does not know the search parameter “%s”; "
                                           "it refuses it rather than ignore it.", name);
          cpis_hub_respond_invalid_search (msg, diagnostics != NULL ? diagnostics
                                                                    : "This hub does not know one of the "
                                                                      "search parameters.");
          return FALSE;
        }

      if (given[param] && !params[param].repeats)
        {
          g_autofree char *diagnostics = g_strdup_printf ("Give %s once.", params[param].name);

          cpis_hub_respond_invalid_search (msg, diagnostics);
          return FALSE;
        }
      given[param] = TRUE;

      if (!g_utf8_validate (value, -1, NULL) || *g_strstrip (value) == '\0')
        {
          g_autofree char *diagnostics = g_strdup_printf ("%s needs a value.", params[param].name);

          cpis_hub_respond_invalid_search (msg, diagnostics);
          return FALSE;
        }

      if (!read_param (msg, (guint) param, value, user_data))
        return FALSE;
    }

  if (error != NULL)
    {
      cpis_hub_respond_invalid_search (msg, "The search query could not be read.");
      return FALSE;
    }

  return TRUE;
}

char *
_cpis_hub_page_url (SoupServerMessage *msg,
                    const char        *base_url,
                    const char        *resource_type,
                    guint              offset)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) parts = g_strsplit (query != NULL ? query : "", "&", -1);
  g_autoptr(GString) url = g_string_new (base_url);

  g_string_append_printf (url, "/%s?", resource_type);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *equals = strchr (parts[i], '=');
      g_autofree char *raw_name = equals != NULL ? g_strndup (parts[i], equals - parts[i])
                                                 : g_strdup (parts[i]);
      g_autofree char *name = g_uri_unescape_string (raw_name, NULL);

      if (*parts[i] == '\0' || g_strcmp0 (name, "_offset") == 0)
        continue;

      g_string_append (url, parts[i]);
      g_string_append_c (url, '&');
    }
  g_string_append_printf (url, "_offset=%u", offset);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

gboolean
_cpis_hub_read_whole_number (const char *value,
                             guint64     max,
                             guint64    *number)
{
  gsize length = strlen (value);

  if (length == 0 || strspn (value, "0123456789") != length)
    return FALSE;

  *number = length > 18 ? max : MIN (g_ascii_strtoull (value, NULL, 10), max);
  return TRUE;
}
