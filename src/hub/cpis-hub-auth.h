/* cpis-hub-auth.h: passwords and bearer tokens
 *
 * Passwords are hashed with yescrypt (libxcrypt), salted from the OS.
 * Tokens are 32 random bytes from getrandom(2), handed out base64url-encoded
 * and stored only as their SHA-256.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A crypt(3) string "$y$…", or NULL with an error */
char     *cpis_hub_auth_hash_password   (const char  *password,
                                         GError     **error);
/* Constant-time comparison against a stored hash; FALSE for NULL/garbage */
gboolean  cpis_hub_auth_check_password  (const char  *password,
                                         const char  *hash);
/* A fresh token (43 base64url characters) */
char     *cpis_hub_auth_new_token       (void);
/* Lower-case hex SHA-256 of @token */
char     *cpis_hub_auth_hash_token      (const char  *token);

G_END_DECLS
