/* cpis-hub-auth.c: passwords and bearer tokens
 *
 * Passwords: yescrypt from libxcrypt, with a salt the library draws from the
 * OS. Tokens: 32 bytes from getrandom(2), base64url without padding; the hub
 * keeps only their SHA-256. Nothing here ever logs a password or a token.
 */
#include "cpis-hub-auth.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>

#define TOKEN_BYTES 32

/* Frees crypt_ra()'s scratch data, wiping the hash it holds first */
static void
free_crypt_data (void *data,
                 int   size)
{
  if (data != NULL)
    {
      explicit_bzero (data, (size_t) size);
      free (data);
    }
}

/* TRUE if the two strings are equal, in time that depends only on their lengths */
static gboolean
constant_time_equal (const char *a,
                     const char *b)
{
  size_t len_a = strlen (a);
  size_t len_b = strlen (b);
  unsigned char diff = 0;

  if (len_a != len_b)
    return FALSE;

  for (size_t i = 0; i < len_a; i++)
    diff |= (unsigned char) a[i] ^ (unsigned char) b[i];

  return diff == 0;
}

char *
cpis_hub_auth_hash_password (const char  *password,
                             GError     **error)
{
  char *salt;
  void *data = NULL;
  int size = 0;
  const char *hashed;
  char *result = NULL;
  int saved_errno;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NULL entropy: libxcrypt reads the OS's random source itself */
  errno = 0;
  salt = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  if (salt == NULL)
    {
      saved_errno = errno != 0 ? errno : EINVAL;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not make a password salt: %s", g_strerror (saved_errno));
      return NULL;
    }

  errno = 0;
  hashed = crypt_ra (password, salt, &data, &size);
  saved_errno = errno;
  free (salt);

  if (hashed == NULL || hashed[0] != '$')
    {
      if (saved_errno == 0)
        saved_errno = EINVAL;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not hash the password: %s", g_strerror (saved_errno));
      free_crypt_data (data, size);
      return NULL;
    }

  result = g_strdup (hashed);
  free_crypt_data (data, size);

  return result;
}

/* Hashed against when there is no usable hash, so that every refusal costs
 * one yescrypt: made once, with the same cost as every account's */
static const char *
dummy_hash (void)
{
  static gsize initialised;
  static char *hash;

  if (g_once_init_enter (&initialised))
    {
      hash = cpis_hub_auth_hash_password ("not a password", NULL);
      g_once_init_leave (&initialised, 1);
    }

  return hash;
}

static gint n_hashes_computed;

gboolean
cpis_hub_auth_check_password (const char *password,
                              const char *hash)
{
  void *data = NULL;
  int size = 0;
  const char *computed;
  /* only modern "$id$…" hashes can match; "*" (an account that cannot sign
   * in), "" and NULL never do, but cost the same to refuse */
  gboolean usable = hash != NULL && hash[0] == '$';
  const char *against = usable ? hash : dummy_hash ();
  gboolean ok;

  if (against == NULL)
    return FALSE;

  computed = crypt_ra (password != NULL ? password : "", against, &data, &size);
  g_atomic_int_inc (&n_hashes_computed);

  /* On failure libxcrypt returns NULL or a string starting with "*" */
  ok = usable && password != NULL && computed != NULL && computed[0] == '$' &&
       constant_time_equal (computed, hash);

  free_crypt_data (data, size);

  return ok;
}

guint
cpis_hub_auth_get_n_hashes_computed (void)
{
  return (guint) g_atomic_int_get (&n_hashes_computed);
}

/* Fills @buf from the kernel's random source; aborts rather than hand out a weak token */
static void
fill_random (guint8 *buf,
             gsize   len)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = getrandom (buf + got, len - got, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom() failed: %s", g_strerror (errno));
        }

      got += (gsize) n;
    }
}

char *
cpis_hub_auth_new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  char *token;
  gsize len;

  fill_random (bytes, sizeof bytes);
  token = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);

  /* base64 → base64url (RFC 4648 §5), without padding */
  for (char *p = token; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  len = strlen (token);
  while (len > 0 && token[len - 1] == '=')
    token[--len] = '\0';

  return token;
}

char *
cpis_hub_auth_hash_token (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  /* g_compute_checksum_for_string gives lower-case hex */
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
