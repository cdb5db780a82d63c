/* cpis-team.c: a team of a local authority */

#include "cpis-team.h"

#include "cpis-model-private.h"

struct _CpisTeam
{
  GObject  parent_instance;

  char    *id;
  char    *name;
};

G_DEFINE_FINAL_TYPE (CpisTeam, cpis_team, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_team_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_team_parent_class)->finalize (object);
}

static void
cpis_team_class_init (CpisTeamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_team_finalize;
  object_class->get_property = _cpis_model_get_property;
  object_class->set_property = _cpis_model_set_property;

  properties[PROP_ID] =
    _cpis_model_string_param ("id", "Id", "The team's id", G_STRUCT_OFFSET (CpisTeam, id));
  properties[PROP_NAME] =
    _cpis_model_string_param ("name", "Name", "The team's name", G_STRUCT_OFFSET (CpisTeam, name));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_team_init (CpisTeam *self)
{
}

CpisTeam *
cpis_team_new (const char *id,
               const char *name)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (CPIS_TYPE_TEAM, "id", id, "name", name, NULL);
}

const char *
cpis_team_get_id (CpisTeam *self)
{
  g_return_val_if_fail (CPIS_IS_TEAM (self), NULL);

  return self->id;
}

const char *
cpis_team_get_name (CpisTeam *self)
{
  g_return_val_if_fail (CPIS_IS_TEAM (self), NULL);

  return self->name;
}
