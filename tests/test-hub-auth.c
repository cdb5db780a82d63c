/* test-hub-auth.c: passwords, tokens, and the hub's plain records */
#include <string.h>

#include "cpis-hub-auth.h"
#include "cpis-hub-records.h"

#define PASSWORD "correct horse battery staple"

static char *
hash_or_fail (const char *password)
{
  g_autoptr(GError) error = NULL;
  char *hash = cpis_hub_auth_hash_password (password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hash);
  return hash;
}

static void
test_hash_and_check (void)
{
  g_autofree char *hash = hash_or_fail (PASSWORD);

  g_assert_true (g_str_has_prefix (hash, "$y$"));
  /* The hash never contains the password */
  g_assert_null (strstr (hash, PASSWORD));

  g_assert_true (cpis_hub_auth_check_password (PASSWORD, hash));
  g_assert_false (cpis_hub_auth_check_password ("correct horse battery stapler", hash));
  g_assert_false (cpis_hub_auth_check_password ("Correct horse battery staple", hash));
  g_assert_false (cpis_hub_auth_check_password ("", hash));
  g_assert_false (cpis_hub_auth_check_password (NULL, hash));
}

static void
test_salted (void)
{
  g_autofree char *first = hash_or_fail (PASSWORD);
  g_autofree char *second = hash_or_fail (PASSWORD);

  g_assert_cmpstr (first, !=, second);
  g_assert_true (cpis_hub_auth_check_password (PASSWORD, first));
  g_assert_true (cpis_hub_auth_check_password (PASSWORD, second));
}

static void
test_unusual_passwords (void)
{
  const char *passwords[] = { "", "pässwörd £", "a", "    " };

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autofree char *hash = hash_or_fail (passwords[i]);

      g_assert_true (g_str_has_prefix (hash, "$y$"));
      g_assert_true (cpis_hub_auth_check_password (passwords[i], hash));
      g_assert_false (cpis_hub_auth_check_password ("something else", hash));
    }
}

static void
test_garbage_hash (void)
{
  g_autofree char *hash = hash_or_fail (PASSWORD);
  g_autofree char *tampered = g_strdup (hash);
  g_autofree char *truncated = g_strndup (hash, strlen (hash) - 1);
  gsize last = strlen (tampered) - 1;
  const char *garbage[] = {
    "", "garbage", "*", "*0", "!", "$", "$y$", "$y$garbage$", "$y$j9T$$",
    "$unknown$salt$hash", PASSWORD,
  };

  tampered[last] = tampered[last] == 'A' ? 'B' : 'A';

  g_assert_false (cpis_hub_auth_check_password (PASSWORD, NULL));
  g_assert_false (cpis_hub_auth_check_password (PASSWORD, tampered));
  g_assert_false (cpis_hub_auth_check_password (PASSWORD, truncated));
  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    g_assert_false (cpis_hub_auth_check_password (PASSWORD, garbage[i]));

  /* The genuine hash still works after all that */
  g_assert_true (cpis_hub_auth_check_password (PASSWORD, hash));
}

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 200; i++)
    {
      char *token = cpis_hub_auth_new_token ();
      g_autofree char *padded = NULL;
      g_autofree guchar *bytes = NULL;
      gsize n_bytes = 0;

      g_assert_nonnull (token);
      g_assert_cmpuint (strlen (token), ==, 43);
      g_assert_true (is_base64url (token));

      /* It decodes back to 32 bytes */
      padded = g_strconcat (token, "=", NULL);
      g_strdelimit (padded, "-", '+');
      g_strdelimit (padded, "_", '/');
      bytes = g_base64_decode (padded, &n_bytes);
      g_assert_cmpuint (n_bytes, ==, 32);

      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 200);
}

static void
test_token_hash (void)
{
  g_autofree char *token = cpis_hub_auth_new_token ();
  g_autofree char *other = cpis_hub_auth_new_token ();
  g_autofree char *hash = cpis_hub_auth_hash_token (token);
  g_autofree char *again = cpis_hub_auth_hash_token (token);
  g_autofree char *other_hash = cpis_hub_auth_hash_token (other);
  g_autofree char *abc = cpis_hub_auth_hash_token ("abc");

  g_assert_cmpuint (strlen (hash), ==, 64);
  for (const char *p = hash; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));

  g_assert_cmpstr (hash, ==, again);
  g_assert_cmpstr (hash, !=, other_hash);
  g_assert_null (strstr (hash, token));

  /* The FIPS 180-2 test vector for SHA-256 */
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_records_enums (void)
{
  const char *kinds[] = { "local-authority", "unscheduled-care", "scheduled-care" };
  CpisHubOrgKind kind = CPIS_HUB_ORG_KIND_SCHEDULED_CARE;

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (cpis_hub_org_kind_from_string (kinds[i], &kind));
      g_assert_cmpstr (cpis_hub_org_kind_to_string (kind), ==, kinds[i]);
    }

  g_assert_true (cpis_hub_org_kind_from_string ("local-authority", &kind));
  g_assert_cmpint (kind, ==, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);

  /* Unknown text leaves the output alone */
  g_assert_false (cpis_hub_org_kind_from_string ("hospital", &kind));
  g_assert_false (cpis_hub_org_kind_from_string ("Local-Authority", &kind));
  g_assert_false (cpis_hub_org_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY);

  g_assert_null (cpis_hub_org_kind_to_string ((CpisHubOrgKind) 99));
}

static void
test_records_copy_free (void)
{
  g_autoptr(CpisHubOrganisation) org = g_new0 (CpisHubOrganisation, 1);
  g_autoptr(CpisHubOrganisation) copy = NULL;
  g_autoptr(CpisHubPlan) plan = g_new0 (CpisHubPlan, 1);
  g_autoptr(CpisHubUser) user = g_new0 (CpisHubUser, 1);

  org->id = 7;
  org->ods_code = g_strdup ("X99");
  org->name = g_strdup ("Example Borough Council");
  org->kind = CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY;
  org->phone_office = g_strdup ("01632 960000");
  org->phone_emergency = NULL;
  org->area = g_strdup ("Example");

  copy = cpis_hub_organisation_copy (org);
  g_assert_nonnull (copy);
  g_assert_true (copy != org);
  g_assert_cmpint (copy->id, ==, 7);
  g_assert_cmpstr (copy->ods_code, ==, "X99");
  g_assert_true (copy->ods_code != org->ods_code);
  g_assert_cmpstr (copy->name, ==, org->name);
  g_assert_cmpint (copy->kind, ==, org->kind);
  g_assert_cmpstr (copy->phone_office, ==, "01632 960000");
  g_assert_null (copy->phone_emergency);
  g_assert_cmpstr (copy->area, ==, "Example");
  g_assert_null (cpis_hub_organisation_copy (NULL));

  /* Owned sub-records are freed with their parent (checked under valgrind/ASan) */
  plan->nhs_number = g_strdup ("9997654323");
  plan->plan_type = CPIS_PLAN_TYPE_CPP;
  plan->la = cpis_hub_organisation_copy (org);
  user->username = g_strdup ("nurse1");
  user->organisation = cpis_hub_organisation_copy (org);
  g_assert_cmpstr (plan->la->name, ==, user->organisation->name);

  cpis_hub_organisation_free (NULL);
  cpis_hub_user_free (NULL);
  cpis_hub_patient_free (NULL);
  cpis_hub_plan_free (NULL);
  cpis_hub_access_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub-auth/password/hash-and-check", test_hash_and_check);
  g_test_add_func ("/hub-auth/password/salted", test_salted);
  g_test_add_func ("/hub-auth/password/unusual", test_unusual_passwords);
  g_test_add_func ("/hub-auth/password/garbage-hash", test_garbage_hash);
  g_test_add_func ("/hub-auth/token/unique", test_tokens);
  g_test_add_func ("/hub-auth/token/hash", test_token_hash);
  g_test_add_func ("/hub-records/enums", test_records_enums);
  g_test_add_func ("/hub-records/copy-free", test_records_copy_free);

  return g_test_run ();
}
