/* cpis-hub-embedded.c: the demo hub, in a thread of its own */
#include "cpis-hub-embedded.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "cpis-date.h"
#include "cpis-hub-seed.h"
#include "cpis-hub-server-thread.h"
#include "cpis-hub-store.h"

#define EMBEDDED_SEED 1
#define N_EXAMPLES 5
#define DIR_PREFIX "cpis-demo-hub-"
#define PID_FILE "pid"

struct _CpisHubEmbedded
{
  GObject              parent_instance;

  char                *dir;
  char                *db_path;
  CpisHubStore        *store;
  GPtrArray           *accounts;
  GStrv                with_plan;
  GStrv                with_plan_kinds;
  GStrv                without_plan_kinds;
  GStrv                without_plan;

  CpisHubServerThread *server;
  char                *base_url;   /* kept after the hub stops */
};

G_DEFINE_FINAL_TYPE (CpisHubEmbedded, cpis_hub_embedded, G_TYPE_OBJECT)

/* Empties and removes a demo hub's folder (it holds no sub-folders) */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Folders of running demo hubs, removed at exit() too: GTK exits the process
 * when it loses the display, and the demo data must not stay behind. */
static GMutex live_dirs_mutex;
static GPtrArray *live_dirs;

static void
remove_live_dirs_at_exit (void)
{
  g_mutex_lock (&live_dirs_mutex);
  for (guint i = 0; live_dirs != NULL && i < live_dirs->len; i++)
    remove_dir (g_ptr_array_index (live_dirs, i));
  g_mutex_unlock (&live_dirs_mutex);
}

static void
track_dir (const char *dir,
           gboolean    live)
{
  static gboolean registered;

  g_mutex_lock (&live_dirs_mutex);
  if (live_dirs == NULL)
    live_dirs = g_ptr_array_new_with_free_func (g_free);
  if (live)
    g_ptr_array_add (live_dirs, g_strdup (dir));
  else
    for (guint i = 0; i < live_dirs->len; i++)
      if (g_str_equal (g_ptr_array_index (live_dirs, i), dir))
        g_ptr_array_remove_index_fast (live_dirs, i--);
  if (!registered)
    registered = atexit (remove_live_dirs_at_exit) == 0;
  g_mutex_unlock (&live_dirs_mutex);
}

/* A process killed outright (SIGKILL, power loss) leaves its folder: the next
 * demo hub removes those whose process is gone. */
static void
sweep_stale_dirs (const char *parent)
{
  g_autoptr(GDir) handle = g_dir_open (parent, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autofree char *pid_path = NULL;
      g_autofree char *pid_text = NULL;
      GStatBuf info;
      guint64 pid;

      if (!g_str_has_prefix (name, DIR_PREFIX))
        continue;

      dir = g_build_filename (parent, name, NULL);
      if (g_lstat (dir, &info) != 0 || !S_ISDIR (info.st_mode) || info.st_uid != getuid ())
        continue;

      pid_path = g_build_filename (dir, PID_FILE, NULL);
      if (!g_file_get_contents (pid_path, &pid_text, NULL, NULL) ||
          !g_ascii_string_to_unsigned (g_strstrip (pid_text), 10, 1, G_MAXINT, &pid, NULL))
        continue;

      if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        remove_dir (dir);
    }
}

static void
remove_files (CpisHubEmbedded *self)
{
  if (self->dir == NULL)
    return;

  remove_dir (self->dir);
  track_dir (self->dir, FALSE);
  g_clear_pointer (&self->dir, g_free);
}

void
cpis_hub_embedded_stop (CpisHubEmbedded *self)
{
  g_return_if_fail (CPIS_HUB_IS_EMBEDDED (self));

  g_clear_pointer (&self->server, cpis_hub_server_thread_stop);

  if (self->store != NULL)
    cpis_hub_store_close (self->store);
  g_clear_object (&self->store);
  remove_files (self);
}

static void
cpis_hub_embedded_finalize (GObject *object)
{
  CpisHubEmbedded *self = CPIS_HUB_EMBEDDED (object);

  cpis_hub_embedded_stop (self);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->with_plan, g_strfreev);
  g_clear_pointer (&self->with_plan_kinds, g_strfreev);
  g_clear_pointer (&self->without_plan_kinds, g_strfreev);
  g_clear_pointer (&self->without_plan, g_strfreev);
  g_free (self->db_path);
  g_free (self->base_url);

  G_OBJECT_CLASS (cpis_hub_embedded_parent_class)->finalize (object);
}

static void
cpis_hub_embedded_class_init (CpisHubEmbeddedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_hub_embedded_finalize;
}

static void
cpis_hub_embedded_init (CpisHubEmbedded *self)
{
}

/* Children with no record: first a superseded number (no plan of its own;
 * the demographics name the current one, which has a plan), then some with
 * no record at all */
static GStrv
examples_without_plan (CpisHubStore *store,
                       guint         n_children,
                       const GDate  *today,
                       GStrv        *kinds)
{
  g_autoptr(CpisHubSeedDemographicsExamples) demographics =
    cpis_hub_seed_demographics_examples (store, n_children, EMBEDDED_SEED, today);
  g_auto(GStrv) none = cpis_hub_seed_examples (store, n_children, EMBEDDED_SEED, today,
                                               FALSE, N_EXAMPLES);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) number_kinds = g_strv_builder_new ();

  if (demographics != NULL && demographics->superseded != NULL)
    {
      g_strv_builder_add (numbers, demographics->superseded);
      g_strv_builder_add (number_kinds, "superseded");
    }
  for (guint i = 0; none[i] != NULL; i++)
    {
      g_strv_builder_add (numbers, none[i]);
      g_strv_builder_add (number_kinds, "no-record");
    }

  *kinds = g_strv_builder_end (number_kinds);
  return g_strv_builder_end (numbers);
}

CpisHubEmbedded *
cpis_hub_embedded_start (guint    n_children,
                         GError **error)
{
  g_autoptr(CpisHubEmbedded) self = NULL;
  g_autofree char *pid_path = NULL;
  g_autofree char *pid_text = NULL;
  GDate today;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CPIS_HUB_TYPE_EMBEDDED, NULL);

  /* private to this user (g_dir_make_tmp makes it 0700): the demo data is
   * synthetic, but still nobody else's */
  sweep_stale_dirs (g_get_tmp_dir ());
  self->dir = g_dir_make_tmp (DIR_PREFIX "XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  track_dir (self->dir, TRUE);
  pid_path = g_build_filename (self->dir, PID_FILE, NULL);
  pid_text = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents (pid_path, pid_text, -1, error))
    return NULL;
  self->db_path = g_build_filename (self->dir, "demo-hub.db", NULL);

  self->store = cpis_hub_store_open (self->db_path, error);
  if (self->store == NULL)
    return NULL;

  cpis_date_today_uk (&today);
  self->accounts = cpis_hub_seed (self->store, n_children, EMBEDDED_SEED, &today, error);
  if (self->accounts == NULL)
    return NULL;

  self->with_plan = cpis_hub_seed_demo_children (self->store, n_children, EMBEDDED_SEED, &today,
                                                 &self->with_plan_kinds);
  self->without_plan = examples_without_plan (self->store, n_children, &today,
                                              &self->without_plan_kinds);

  self->server = cpis_hub_server_thread_start (self->store, "cpis-demo-hub", NULL, NULL, error);
  if (self->server == NULL)
    return NULL;
  self->base_url = g_strdup (cpis_hub_server_thread_get_base_url (self->server));

  return g_steal_pointer (&self);
}

const char *
cpis_hub_embedded_get_base_url (CpisHubEmbedded *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_EMBEDDED (self), NULL);

  return self->base_url;
}

GPtrArray *
cpis_hub_embedded_get_demo_accounts (CpisHubEmbedded *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_EMBEDDED (self), NULL);

  return self->accounts;
}

GStrv
cpis_hub_embedded_get_example_kinds (CpisHubEmbedded *self,
                                     gboolean         with_plan)
{
  g_return_val_if_fail (CPIS_HUB_IS_EMBEDDED (self), NULL);

  return with_plan ? self->with_plan_kinds : self->without_plan_kinds;
}

GStrv
cpis_hub_embedded_get_examples (CpisHubEmbedded *self,
                                gboolean         with_plan)
{
  g_return_val_if_fail (CPIS_HUB_IS_EMBEDDED (self), NULL);

  return with_plan ? self->with_plan : self->without_plan;
}

const char *
cpis_hub_embedded_get_db_path (CpisHubEmbedded *self)
{
  g_return_val_if_fail (CPIS_HUB_IS_EMBEDDED (self), NULL);

  return self->db_path;
}
