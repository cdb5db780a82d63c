/* test-task-slot-list.c: a list of notifications as places (CpisTaskSlotList)
 *
 * No display. A GListStore of CpisTask is changed at random (splices of every
 * shape: inserts, removals, replacements, the whole list at once), with some
 * slots held as a view's rows hold them; after each change every place must
 * hold the store's notification at that position, every slot held must be
 * in its place or have been told its place went, and the list must have
 * told of only what it could not keep.
 */
#include <gtk/gtk.h>

#include "cpis-task-slot-list.h"
#include "cpis-test-tasks.h"

#define N_TASKS 400
#define N_ROUNDS 600

typedef struct
{
  guint n_items;  /* as the list's changes told, from the start */
  guint removed;  /* told removed in all */
  guint added;
} Told;

static void
told_cb (GListModel *list,
         guint       position,
         guint       removed,
         guint       added,
         Told       *told)
{
  g_assert_cmpuint (position + removed, <=, told->n_items);
  told->n_items = told->n_items - removed + added;
  told->removed += removed;
  told->added += added;
  g_assert_cmpuint (told->n_items, ==, g_list_model_get_n_items (list));
}

static void
task_changed_cb (CpisTaskSlot *slot,
                 GParamSpec   *pspec,
                 guint        *notified)
{
  (*notified)++;
}

/* Every place holds the store's notification: those held, and those made now */
static void
assert_places (GListModel *list,
               GListStore *store,
               GPtrArray  *held)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisTaskSlot) slot = g_list_model_get_item (list, i);
      g_autoptr(CpisTask) task = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_true (cpis_task_slot_get_task (slot) == task);
    }
  g_assert_null (g_list_model_get_item (list, n));

  /* a slot held is the one its place gives, or its place went */
  for (guint h = 0; h < held->len; h++)
    {
      CpisTaskSlot *slot = held->pdata[h];
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        {
          g_autoptr(CpisTaskSlot) there = g_list_model_get_item (list, i);

          found = there == slot;
        }
      g_assert_true (found || g_object_get_data (G_OBJECT (slot), "gone") != NULL);
    }
}

/* Random splices, against the store itself */
static void
test_random_changes (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-02T10:30:00Z", NULL);
  g_autoptr(GPtrArray) pool = cpis_test_tasks_generate (N_TASKS, 0, 7, now);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_TASK);
  g_autoptr(CpisTaskSlotList) list = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (20261202);
  Told told = { 0, };
  guint notified = 0;

  for (guint i = 0; i < 100; i++)
    g_list_store_append (store, pool->pdata[i]);
  list = cpis_task_slot_list_new (G_LIST_MODEL (store));
  told.n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (told.n_items, ==, 100);
  g_signal_connect (list, "items-changed", G_CALLBACK (told_cb), &told);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = g_rand_int_range (rand, 0, MIN (n - position, 40) + 1);
      guint added = g_rand_int_range (rand, 0, 40);
      g_autoptr(GPtrArray) additions = g_ptr_array_new ();
      Told before = told;
      guint kept = MIN (removed, added);

      /* now and then, the whole list at once (a filter, a sort) */
      if (round % 50 == 7)
        {
          position = 0;
          removed = n;
          added = g_rand_int_range (rand, 0, 200);
          kept = MIN (removed, added);
        }
      for (guint a = 0; a < added; a++)
        g_ptr_array_add (additions, pool->pdata[g_rand_int_range (rand, 0, N_TASKS)]);

      /* hold some places, as a view's rows do, and let some go */
      for (guint k = 0; k < 5 && n > 0; k++)
        {
          CpisTaskSlot *slot = g_list_model_get_item (G_LIST_MODEL (list), g_rand_int_range (rand, 0, n));

          if (g_object_get_data (G_OBJECT (slot), "watched") == NULL)
            {
              g_object_set_data (G_OBJECT (slot), "watched", slot);
              g_signal_connect (slot, "notify::task", G_CALLBACK (task_changed_cb), &notified);
            }
          g_ptr_array_add (held, slot);
        }
      while (held->len > 60)
        g_ptr_array_remove_index_fast (held, g_rand_int_range (rand, 0, held->len));

      /* the slots whose places go */
      for (guint h = 0; h < held->len; h++)
        {
          CpisTaskSlot *slot = held->pdata[h];
          g_autoptr(CpisTaskSlot) again = NULL;

          for (guint i = position + kept; i < position + removed; i++)
            {
              g_autoptr(CpisTaskSlot) there = g_list_model_get_item (G_LIST_MODEL (list), i);

              if (there == slot)
                g_object_set_data (G_OBJECT (slot), "gone", slot);
            }
        }

      g_list_store_splice (store, position, removed, additions->pdata, additions->len);

      /* only what could not be kept was told */
      g_assert_cmpuint (told.removed - before.removed, ==, removed - kept);
      g_assert_cmpuint (told.added - before.added, ==, added - kept);
      assert_places (G_LIST_MODEL (list), store, held);
    }

  /* the places kept were told of their new notifications */
  g_assert_cmpuint (notified, >, 0);
  g_rand_free (rand);
}

/* Another model: nothing is kept; none: an empty list */
static void
test_set_model (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-02T10:30:00Z", NULL);
  g_autoptr(GPtrArray) pool = cpis_test_tasks_generate (20, 0, 3, now);
  g_autoptr(GListStore) first = g_list_store_new (CPIS_TYPE_TASK);
  g_autoptr(GListStore) second = g_list_store_new (CPIS_TYPE_TASK);
  g_autoptr(CpisTaskSlotList) list = cpis_task_slot_list_new (NULL);
  g_autoptr(CpisTaskSlot) held = NULL;
  g_autoptr(CpisTaskSlot) fresh = NULL;
  Told told = { 0, };

  g_signal_connect (list, "items-changed", G_CALLBACK (told_cb), &told);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CPIS_TYPE_TASK_SLOT);

  for (guint i = 0; i < 10; i++)
    g_list_store_append (first, pool->pdata[i]);
  for (guint i = 10; i < 20; i++)
    g_list_store_append (second, pool->pdata[i]);

  cpis_task_slot_list_set_model (list, G_LIST_MODEL (first));
  g_assert_cmpuint (told.n_items, ==, 10);
  held = g_list_model_get_item (G_LIST_MODEL (list), 3);
  g_assert_true (cpis_task_slot_get_task (held) == pool->pdata[3]);

  cpis_task_slot_list_set_model (list, G_LIST_MODEL (second));
  g_assert_cmpuint (told.removed, ==, 10);
  g_assert_cmpuint (told.n_items, ==, 10);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), 3);
  g_assert_true (fresh != held);
  g_assert_true (cpis_task_slot_get_task (fresh) == pool->pdata[13]);

  /* the old model's changes are no longer followed */
  g_list_store_remove_all (first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);

  cpis_task_slot_list_set_model (list, NULL);
  g_assert_cmpuint (told.n_items, ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
}

/* A slot outlives its list, and the list its slots */
static void
test_lifetimes (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-02T10:30:00Z", NULL);
  g_autoptr(GPtrArray) pool = cpis_test_tasks_generate (5, 0, 5, now);
  g_autoptr(GListStore) store = g_list_store_new (CPIS_TYPE_TASK);
  CpisTaskSlotList *list;
  CpisTaskSlot *slot;

  for (guint i = 0; i < 5; i++)
    g_list_store_append (store, pool->pdata[i]);
  list = cpis_task_slot_list_new (G_LIST_MODEL (store));
  slot = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_object_add_weak_pointer (G_OBJECT (slot), (gpointer *) &slot);

  g_object_unref (list);
  g_assert_nonnull (slot);
  g_assert_true (cpis_task_slot_get_task (slot) == pool->pdata[2]);
  /* (the store's changes no longer reach it) */
  g_list_store_remove_all (store);
  g_assert_true (cpis_task_slot_get_task (slot) == pool->pdata[2]);
  g_object_unref (slot);
  g_assert_null (slot);

  /* one made and let go: made again for whoever asks next */
  list = cpis_task_slot_list_new (G_LIST_MODEL (store));
  g_list_store_append (store, pool->pdata[0]);
  slot = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_object_unref (slot);
  slot = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (cpis_task_slot_get_task (slot) == pool->pdata[0]);
  g_object_unref (slot);
  g_object_unref (list);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-slot-list/random-changes", test_random_changes);
  g_test_add_func ("/task-slot-list/set-model", test_set_model);
  g_test_add_func ("/task-slot-list/lifetimes", test_lifetimes);

  return g_test_run ();
}
