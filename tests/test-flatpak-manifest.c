/* test-flatpak-manifest.c: the Flatpak manifests (flatpak/), read as
 * flatpak-builder reads them
 *
 * They cannot be built here (no flatpak-builder, no GNOME runtime), so what
 * can go wrong without a build is checked: the application's id for each
 * profile, the runtime, the command, permissions no wider than the
 * application needs (the network, a display, its GPU; the keyring through
 * the Secret portal and notifications through theirs, so no bus names; no
 * file system — exports go through the file chooser portal), the build from
 * this repository with its tests run, and that each test the manifest runs
 * is one the project has.
 */
#include <json-glib/json-glib.h>

#define BASE_ID "io.github.cpisdesktop.CpisDesktop"

static const char * const allowed_finish_args[] = {
  "--share=network",
  "--share=ipc",
  "--socket=wayland",
  "--socket=fallback-x11",
  "--device=dri",
  NULL,
};

static JsonObject *
load (JsonParser *parser,
      const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("CPIS_FLATPAK_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
check_manifest (const char *id,
                gboolean    devel)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load (parser, id);
  JsonArray *finish_args = json_object_get_array_member (manifest, "finish-args");
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *module;
  JsonArray *config_opts;
  JsonObject *source;
  JsonArray *test_commands;

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (manifest, "runtime-version"), NULL, 10), >=, 45);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "cpis-desktop");

  /* nothing wider than it needs: no file system, no bus names, no devices but the GPU */
  g_assert_true (array_has (finish_args, "--share=network"));
  for (guint i = 0; i < json_array_get_length (finish_args); i++)
    {
      const char *arg = json_array_get_string_element (finish_args, i);

      if (!g_strv_contains (allowed_finish_args, arg))
        g_error ("%s asks for %s, which CP-IS Desktop does not need", id, arg);
    }

  /* the application (and the hub, built with it) from this repository, its tests run */
  module = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (module, "name"), ==, "cpis-desktop");
  g_assert_cmpstr (json_object_get_string_member (module, "buildsystem"), ==, "meson");
  source = json_array_get_object_element (json_object_get_array_member (module, "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "dir");
  g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
  config_opts = json_object_get_array_member (module, "config-opts");
  g_assert_true (array_has (config_opts, "-Dtests=true"));
  g_assert_true (array_has (config_opts, "-Dprofile=development") == devel);
  g_assert_true (json_object_get_boolean_member (module, "run-tests"));
  g_assert_true (json_object_get_boolean_member (module, "builddir"));

  /* each test it runs is one of the project's, built beside this one */
  test_commands = json_object_get_array_member (module, "test-commands");
  g_assert_cmpuint (json_array_get_length (test_commands), >=, 1);
  {
    g_auto(GStrv) words = g_strsplit (json_array_get_string_element (test_commands, 0), " ", -1);
    guint n_tests = 0;

    g_assert_cmpstr (words[0], ==, "meson");
    g_assert_cmpstr (words[1], ==, "test");
    for (guint i = 2; words[i] != NULL; i++)
      {
        g_autofree char *built = NULL;

        if (g_str_has_prefix (words[i], "--"))
          continue;
        built = g_test_build_filename (G_TEST_BUILT, words[i], NULL);
        if (!g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
          g_error ("%s runs %s, which is not one of the project's tests", id, words[i]);
        n_tests++;
      }
    g_assert_cmpuint (n_tests, >=, 5);
  }
}

static void
test_manifest (void)
{
  check_manifest (BASE_ID, FALSE);
}

static void
test_manifest_devel (void)
{
  check_manifest (BASE_ID ".Devel", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak-manifest/default", test_manifest);
  g_test_add_func ("/flatpak-manifest/devel", test_manifest_devel);

  return g_test_run ();
}
