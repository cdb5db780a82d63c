/* cpis-access-event.c: one entry of a child's access history (an AuditEvent) */

#include "cpis-access-event.h"

struct _CpisAccessEvent
{
  GObject               parent_instance;

  char                 *id;
  GDateTime            *recorded;
  char                 *nhs_number;
  char                 *practitioner_role_id;
  CpisPractitionerRole *practitioner_role;
};

G_DEFINE_FINAL_TYPE (CpisAccessEvent, cpis_access_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_RECORDED,
  PROP_NHS_NUMBER,
  PROP_PRACTITIONER_ROLE_ID,
  PROP_PRACTITIONER_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cpis_access_event_constructed (GObject *object)
{
  CpisAccessEvent *self = (CpisAccessEvent *) object;

  G_OBJECT_CLASS (cpis_access_event_parent_class)->constructed (object);

  /* The id is the role's own when the role is there (and is not kept twice:
   * an inbox holds many thousands of these) */
  if (self->practitioner_role != NULL &&
      g_strcmp0 (self->practitioner_role_id,
                 cpis_practitioner_role_get_id (self->practitioner_role)) == 0)
    g_clear_pointer (&self->practitioner_role_id, g_free);
}

static void
cpis_access_event_finalize (GObject *object)
{
  CpisAccessEvent *self = (CpisAccessEvent *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->recorded, g_date_time_unref);
  g_clear_pointer (&self->nhs_number, g_free);
  g_clear_pointer (&self->practitioner_role_id, g_free);
  g_clear_object (&self->practitioner_role);

  G_OBJECT_CLASS (cpis_access_event_parent_class)->finalize (object);
}

static void
cpis_access_event_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CpisAccessEvent *self = CPIS_ACCESS_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_RECORDED:
      g_value_set_boxed (value, self->recorded);
      break;

    case PROP_NHS_NUMBER:
      g_value_set_string (value, self->nhs_number);
      break;

    case PROP_PRACTITIONER_ROLE_ID:
      g_value_set_string (value, cpis_access_event_get_practitioner_role_id (self));
      break;

    case PROP_PRACTITIONER_ROLE:
      g_value_set_object (value, self->practitioner_role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_access_event_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CpisAccessEvent *self = CPIS_ACCESS_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_RECORDED:
      g_clear_pointer (&self->recorded, g_date_time_unref);
      self->recorded = g_value_dup_boxed (value);
      break;

    case PROP_NHS_NUMBER:
      g_free (self->nhs_number);
      self->nhs_number = g_value_dup_string (value);
      break;

    case PROP_PRACTITIONER_ROLE_ID:
      g_free (self->practitioner_role_id);
      self->practitioner_role_id = g_value_dup_string (value);
      break;

    case PROP_PRACTITIONER_ROLE:
      g_set_object (&self->practitioner_role, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_access_event_class_init (CpisAccessEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = (G_PARAM_READWRITE |
                       G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS);

  object_class->constructed = cpis_access_event_constructed;
  object_class->finalize = cpis_access_event_finalize;
  object_class->get_property = cpis_access_event_get_property;
  object_class->set_property = cpis_access_event_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", "Id", "The AuditEvent id",
                         NULL, flags);
  properties[PROP_RECORDED] =
    g_param_spec_boxed ("recorded", "Recorded", "When the access happened, with its offset",
                        G_TYPE_DATE_TIME, flags);
  properties[PROP_NHS_NUMBER] =
    g_param_spec_string ("nhs-number", "NHS number", "The child's NHS number",
                         NULL, flags);
  properties[PROP_PRACTITIONER_ROLE_ID] =
    g_param_spec_string ("practitioner-role-id", "Practitioner role id",
                         "The viewer's PractitionerRole id",
                         NULL, flags);
  properties[PROP_PRACTITIONER_ROLE] =
    g_param_spec_object ("practitioner-role", "Practitioner role",
                         "The viewer's PractitionerRole, if the bundle included it",
                         CPIS_TYPE_PRACTITIONER_ROLE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_access_event_init (CpisAccessEvent *self)
{
}

const char *
cpis_access_event_get_id (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  return self->id;
}

GDateTime *
cpis_access_event_get_recorded (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  return self->recorded;
}

const char *
cpis_access_event_get_nhs_number (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  return self->nhs_number;
}

const char *
cpis_access_event_get_practitioner_role_id (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  if (self->practitioner_role_id == NULL && self->practitioner_role != NULL)
    return cpis_practitioner_role_get_id (self->practitioner_role);

  return self->practitioner_role_id;
}

CpisPractitionerRole *
cpis_access_event_get_practitioner_role (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  return self->practitioner_role;
}

static const char *
nonempty (const char *text)
{
  return (text != NULL && *text != '\0') ? text : NULL;
}

const char *
cpis_access_event_get_organisation_display (CpisAccessEvent *self)
{
  const char *name;

  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  if (self->practitioner_role == NULL)
    return NULL;

  name = nonempty (cpis_practitioner_role_get_organisation_name (self->practitioner_role));
  if (name != NULL)
    return name;

  return nonempty (cpis_practitioner_role_get_organisation_code (self->practitioner_role));
}

const char *
cpis_access_event_get_viewer_name (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  if (self->practitioner_role == NULL)
    return NULL;

  return nonempty (cpis_practitioner_role_get_practitioner_name (self->practitioner_role));
}

const char *
cpis_access_event_get_job_role_display (CpisAccessEvent *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_EVENT (self), NULL);

  if (self->practitioner_role == NULL)
    return NULL;

  return nonempty (cpis_practitioner_role_get_job_role_display (self->practitioner_role));
}
