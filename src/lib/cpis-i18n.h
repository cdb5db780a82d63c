/* cpis-i18n.h: where the program's translations come from */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the GETTEXT_PACKAGE domain, which the core and the application
 * share, to the catalogues under @localedir (LOCALEDIR/LANG/LC_MESSAGES/
 * GETTEXT_PACKAGE.mo), asks for them in UTF-8 whatever the locale's
 * character set (GTK and GLib take UTF-8 only), and makes it the default
 * domain, the one `_()` in the application and translatable="yes" in its
 * templates look in. A program calls it once, at the start of main(), after
 * setlocale(). */
void cpis_i18n_init (const char *localedir);

G_END_DECLS
