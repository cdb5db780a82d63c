/* cpis-hub-url.h: a hub's address, written one way
 *
 * The same hub typed with a trailing slash or a space around it is one hub:
 * one key in the keyring, one base for the URLs in a Bundle.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text without spaces around it and without trailing slashes ("" for NULL) */
char *cpis_hub_url_normalise (const char *text);

G_END_DECLS
