/* cpis-hub-form.c: application/x-www-form-urlencoded bodies, read strictly */
#include "cpis-hub-form.h"

#include <string.h>

G_DEFINE_QUARK (cpis-hub-form-error-quark, cpis_hub_form_error)

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The decoded text of @length bytes at @p, or NULL with an error */
static char *
decode (const char  *p,
        gsize        length,
        GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      unsigned char c = (unsigned char) p[i];

      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          int high = i + 2 < length ? hex_value (p[i + 1]) : -1;
          int low = i + 2 < length ? hex_value (p[i + 2]) : -1;

          if (high < 0 || low < 0)
            {
              g_set_error_literal (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_ESCAPE,
                                   "The form has a “%” that is not followed by two hexadecimal digits.");
              return NULL;
            }
          c = (unsigned char) (high * 16 + low);
          i += 2;
        }

      /* a NUL would cut the field short wherever it is read as a C string;
       * no field of a sign-in form holds any other control character */
      if (c < 0x20 || c == 0x7f)
        {
          g_set_error_literal (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_CONTROL,
                               "The form holds a control character.");
          return NULL;
        }
      g_string_append_c (out, (char) c);
    }

  if (!g_utf8_validate (out->str, (gssize) out->len, NULL))
    {
      g_set_error_literal (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_NOT_UTF8,
                           "The form is not UTF-8 text once decoded.");
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

GHashTable *
cpis_hub_form_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize start = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (start < length)
    {
      const char *field = data + start;
      const char *amp = memchr (field, '&', length - start);
      gsize field_length = amp != NULL ? (gsize) (amp - field) : length - start;
      const char *equals = memchr (field, '=', field_length);
      gsize name_length = equals != NULL ? (gsize) (equals - field) : field_length;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      start += field_length + 1;
      /* "a&&b", a trailing "&": nothing between */
      if (field_length == 0)
        continue;
      if (name_length == 0)
        {
          g_set_error_literal (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_NO_NAME,
                               "The form has a field without a name.");
          return NULL;
        }

      name = decode (field, name_length, error);
      if (name == NULL)
        return NULL;
      value = equals != NULL ? decode (equals + 1, field_length - name_length - 1, error) : g_strdup ("");
      if (value == NULL)
        return NULL;

      if (g_hash_table_contains (fields, name))
        {
          g_set_error_literal (error, CPIS_HUB_FORM_ERROR, CPIS_HUB_FORM_ERROR_REPEATED,
                               "The form gives a field more than once.");
          return NULL;
        }
      g_hash_table_insert (fields, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&fields);
}
