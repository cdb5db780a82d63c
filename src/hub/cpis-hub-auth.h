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
/* Constant-time comparison against a stored hash; FALSE for NULL/garbage,
 * after the same work (one yescrypt) as for a real hash: a refusal tells
 * nothing of whether the account exists or can sign in */
gboolean  cpis_hub_auth_check_password  (const char  *password,
                                         const char  *hash);
/* How many yescrypt hashes password checks have computed in this process
 * (for the tests that prove each sign-in costs one) */
guint     cpis_hub_auth_get_n_hashes_computed (void);
/* A fresh token (43 base64url characters) */
char     *cpis_hub_auth_new_token       (void);
/* Lower-case hex SHA-256 of @token */
char     *cpis_hub_auth_hash_token      (const char  *token);

G_END_DECLS
