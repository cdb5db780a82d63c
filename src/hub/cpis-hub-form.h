/* cpis-hub-form.h: application/x-www-form-urlencoded bodies, read strictly
 *
 * The sign-in forms (RFC 6749 §3.1: "Parameters sent without a value MUST be
 * treated as if they were omitted … Request and response parameters MUST
 * NOT be included more than once"). Unlike soup_form_decode(), a field given
 * twice, a broken or NUL escape, a control character and bytes that are not
 * UTF-8 are refused, never read as something else ("nurse%00admin" is not
 * "nurse"; of "username=a&username=b" neither is taken).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CPIS_HUB_FORM_ERROR (cpis_hub_form_error_quark ())
GQuark cpis_hub_form_error_quark (void);

typedef enum
{
  CPIS_HUB_FORM_ERROR_ESCAPE,     /* "%" not followed by two hex digits */
  CPIS_HUB_FORM_ERROR_CONTROL,    /* a NUL or other control character, escaped or not */
  CPIS_HUB_FORM_ERROR_NOT_UTF8,   /* decoded bytes that are not UTF-8 */
  CPIS_HUB_FORM_ERROR_REPEATED,   /* a field given more than once */
  CPIS_HUB_FORM_ERROR_NO_NAME,    /* "=value" */
} CpisHubFormError;

/* The fields of @length bytes at @data: a table of decoded name → decoded
 * value (both owned by it; "+" is a space; a field with no "=" has the value
 * ""). NULL, with the first problem in @error, if any field is refused. */
GHashTable *cpis_hub_form_parse (const char  *data,
                                 gsize        length,
                                 GError     **error);

G_END_DECLS
