/* cpis-credentials.h: remembered sign-ins, in the desktop's secret service
 *
 * A password is stored under a SecretSchema keyed by hub URL and user name,
 * only when the user asks ("remember me"). Without a secret service, every
 * call fails with a clear error and sign-in still works.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

const SecretSchema *cpis_credentials_get_schema    (void);

/* Whether a secret service is there to use; the error says why not in words
 * for the sign-in page ("No keyring is available on this desktop…") */
void      cpis_credentials_probe_async    (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  cpis_credentials_probe_finish   (GAsyncResult        *result,
                                           GError             **error);

void      cpis_credentials_store_async    (const char          *hub_url,
                                           const char          *username,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  cpis_credentials_store_finish   (GAsyncResult        *result,
                                           GError             **error);
/* NULL without error when nothing is stored */
void      cpis_credentials_lookup_async   (const char          *hub_url,
                                           const char          *username,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *cpis_credentials_lookup_finish  (GAsyncResult        *result,
                                           GError             **error);
void      cpis_credentials_forget_async   (const char          *hub_url,
                                           const char          *username,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  cpis_credentials_forget_finish  (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
