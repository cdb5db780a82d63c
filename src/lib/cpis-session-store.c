/* cpis-session-store.c: what this session has fetched, in memory only */

#include "cpis-session-store.h"

struct _CpisSessionStore
{
  GObject     parent_instance;

  GListStore *checks;   /* CpisCheckResult, newest first */
};

G_DEFINE_FINAL_TYPE (CpisSessionStore, cpis_session_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHECKS,
  N_PROPS
};

enum {
  CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cpis_session_store_dispose (GObject *object)
{
  CpisSessionStore *self = (CpisSessionStore *) object;

  if (self->checks != NULL)
    g_list_store_remove_all (self->checks);

  G_OBJECT_CLASS (cpis_session_store_parent_class)->dispose (object);
}

static void
cpis_session_store_finalize (GObject *object)
{
  CpisSessionStore *self = (CpisSessionStore *) object;

  g_clear_object (&self->checks);

  G_OBJECT_CLASS (cpis_session_store_parent_class)->finalize (object);
}

static void
cpis_session_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CpisSessionStore *self = CPIS_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_CHECKS:
      g_value_set_object (value, self->checks);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_session_store_class_init (CpisSessionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cpis_session_store_dispose;
  object_class->finalize = cpis_session_store_finalize;
  object_class->get_property = cpis_session_store_get_property;

  properties[PROP_CHECKS] =
    g_param_spec_object ("checks", "Checks",
                         "The checks of this session (CpisCheckResult), newest first",
                         G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CpisSessionStore::cleared:
   *
   * Every result was dropped (sign-out or lock).
   */
  signals[CLEARED] =
    g_signal_new ("cleared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cpis_session_store_init (CpisSessionStore *self)
{
  self->checks = g_list_store_new (CPIS_TYPE_CHECK_RESULT);
}

CpisSessionStore *
cpis_session_store_new (void)
{
  return g_object_new (CPIS_TYPE_SESSION_STORE, NULL);
}

void
cpis_session_store_add (CpisSessionStore *self,
                        CpisCheckResult  *result)
{
  g_return_if_fail (CPIS_IS_SESSION_STORE (self));
  g_return_if_fail (CPIS_IS_CHECK_RESULT (result));

  g_list_store_insert (self->checks, 0, result);
}

GListModel *
cpis_session_store_get_checks (CpisSessionStore *self)
{
  g_return_val_if_fail (CPIS_IS_SESSION_STORE (self), NULL);

  return G_LIST_MODEL (self->checks);
}

CpisCheckResult *
cpis_session_store_lookup (CpisSessionStore *self,
                           const char       *nhs_number)
{
  guint n;

  g_return_val_if_fail (CPIS_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisCheckResult) result = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_strcmp0 (cpis_check_result_get_nhs_number (result), nhs_number) == 0)
        return result;  /* the store still holds a reference */
    }

  return NULL;
}

void
cpis_session_store_clear (CpisSessionStore *self)
{
  g_return_if_fail (CPIS_IS_SESSION_STORE (self));

  g_list_store_remove_all (self->checks);
  g_signal_emit (self, signals[CLEARED], 0);
}
