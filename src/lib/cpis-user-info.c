/* cpis-user-info.c: who is signed in (the hub's /oauth2/userinfo claims) */

#include <json-glib/json-glib.h>

#include "cpis-fhir-codec.h"
#include "cpis-model-private.h"
#include "cpis-user-info.h"

struct _CpisUserInfo
{
  GObject       parent_instance;

  char         *username;
  char         *full_name;
  CpisRole  role;
  char         *job_role;
  char         *organisation_code;
  char         *organisation_name;
  char         *organisation_kind;
  char         *area;
  char         *practitioner_role_id;
  gboolean      both_care_settings;
};

G_DEFINE_FINAL_TYPE (CpisUserInfo, cpis_user_info, G_TYPE_OBJECT)


G_DEFINE_ENUM_TYPE (CpisCareSetting, cpis_care_setting,
  G_DEFINE_ENUM_VALUE (CPIS_CARE_SETTING_UNSCHEDULED, "unscheduled"),
  G_DEFINE_ENUM_VALUE (CPIS_CARE_SETTING_SCHEDULED, "scheduled"))

G_DEFINE_ENUM_TYPE (CpisWorkstationCare, cpis_workstation_care,
  G_DEFINE_ENUM_VALUE (CPIS_WORKSTATION_CARE_ORGANISATION, "organisation"),
  G_DEFINE_ENUM_VALUE (CPIS_WORKSTATION_CARE_UNSCHEDULED, "unscheduled"),
  G_DEFINE_ENUM_VALUE (CPIS_WORKSTATION_CARE_SCHEDULED, "scheduled"))

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_FULL_NAME,
  PROP_ROLE,
  PROP_JOB_ROLE,
  PROP_ORGANISATION_CODE,
  PROP_ORGANISATION_NAME,
  PROP_ORGANISATION_KIND,
  PROP_AREA,
  PROP_PRACTITIONER_ROLE_ID,
  PROP_BOTH_CARE_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A string member, or NULL when absent or not a string */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* TRUE if the organisation's care_settings name both kinds; anything else
 * (absent, not an array, one kind, words unknown) is one kind: its own */
static gboolean
has_both_care_settings (JsonObject *organisation)
{
  JsonNode *node = organisation != NULL ? json_object_get_member (organisation, "care_settings") : NULL;
  gboolean unscheduled = FALSE, scheduled = FALSE;
  JsonArray *settings;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  settings = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (settings); i++)
    {
      JsonNode *element = json_array_get_element (settings, i);
      const char *kind;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      kind = json_node_get_string (element);
      unscheduled |= g_strcmp0 (kind, "unscheduled-care") == 0;
      scheduled |= g_strcmp0 (kind, "scheduled-care") == 0;
    }

  return unscheduled && scheduled;
}

static CpisRole
role_from_string (const char *text)
{
  CpisRole role = CPIS_ROLE_UNKNOWN;

  cpis_role_from_string (text, &role);
  return role;
}

static void
cpis_user_info_finalize (GObject *object)
{
  _cpis_model_clear_strings (object, properties, N_PROPS);

  G_OBJECT_CLASS (cpis_user_info_parent_class)->finalize (object);
}

static void
cpis_user_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CpisUserInfo *self = CPIS_USER_INFO (object);

  if (prop_id == PROP_ROLE)
    {
      g_value_set_enum (value, self->role);
      return;
    }
  if (prop_id == PROP_BOTH_CARE_SETTINGS)
    {
      g_value_set_boolean (value, self->both_care_settings);
      return;
    }

  if (!_cpis_model_get_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_user_info_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CpisUserInfo *self = CPIS_USER_INFO (object);

  if (prop_id == PROP_ROLE)
    {
      self->role = g_value_get_enum (value);
      return;
    }
  if (prop_id == PROP_BOTH_CARE_SETTINGS)
    {
      self->both_care_settings = g_value_get_boolean (value);
      return;
    }

  if (!_cpis_model_set_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
cpis_user_info_class_init (CpisUserInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cpis_user_info_finalize;
  object_class->get_property = cpis_user_info_get_property;
  object_class->set_property = cpis_user_info_set_property;

  properties[PROP_USERNAME] =
    _cpis_model_string_param ("username", "User name", "The user name used to sign in",
                              G_STRUCT_OFFSET (CpisUserInfo, username));
  properties[PROP_FULL_NAME] =
    _cpis_model_string_param ("full-name", "Full name", "The user's name",
                              G_STRUCT_OFFSET (CpisUserInfo, full_name));
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", "Role", "What the user does in CP-IS",
                       CPIS_TYPE_ROLE, CPIS_ROLE_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB_ROLE] =
    _cpis_model_string_param ("job-role", "Job role", "The job role, e.g. Staff nurse",
                              G_STRUCT_OFFSET (CpisUserInfo, job_role));
  properties[PROP_ORGANISATION_CODE] =
    _cpis_model_string_param ("organisation-code", "Organisation code",
                              "The organisation's ODS code",
                              G_STRUCT_OFFSET (CpisUserInfo, organisation_code));
  properties[PROP_ORGANISATION_NAME] =
    _cpis_model_string_param ("organisation-name", "Organisation name", "The organisation's name",
                              G_STRUCT_OFFSET (CpisUserInfo, organisation_name));
  properties[PROP_ORGANISATION_KIND] =
    _cpis_model_string_param ("organisation-kind", "Organisation kind",
                              "local-authority, unscheduled-care or scheduled-care",
                              G_STRUCT_OFFSET (CpisUserInfo, organisation_kind));
  properties[PROP_AREA] =
    _cpis_model_string_param ("area", "Area", "The safeguarding partnership area",
                              G_STRUCT_OFFSET (CpisUserInfo, area));
  properties[PROP_PRACTITIONER_ROLE_ID] =
    _cpis_model_string_param ("practitioner-role-id", "PractitionerRole id",
                              "The user's PractitionerRole id (the sub claim)",
                              G_STRUCT_OFFSET (CpisUserInfo, practitioner_role_id));
  properties[PROP_BOTH_CARE_SETTINGS] =
    g_param_spec_boolean ("both-care-settings", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_user_info_init (CpisUserInfo *self)
{
}

CpisUserInfo *
cpis_user_info_new_from_json (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object, *job_role, *organisation;
  const char *username;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_NOT_JSON,
                   "The user details are not JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_WRONG_RESOURCE,
                           "The user details are not a JSON object.");
      return NULL;
    }

  object = json_node_get_object (root);
  username = get_string_member (object, "preferred_username");
  if (username == NULL || *username == '\0')
    {
      g_set_error_literal (error, CPIS_FHIR_ERROR, CPIS_FHIR_ERROR_INVALID,
                           "The user details do not give a user name.");
      return NULL;
    }

  job_role = get_object_member (object, "job_role");
  organisation = get_object_member (object, "organisation");

  return g_object_new (CPIS_TYPE_USER_INFO,
                       "username", username,
                       "full-name", get_string_member (object, "name"),
                       "role", role_from_string (get_string_member (object, "cpis_role")),
                       "job-role", get_string_member (job_role, "display"),
                       "organisation-code", get_string_member (organisation, "ods_code"),
                       "organisation-name", get_string_member (organisation, "name"),
                       "organisation-kind", get_string_member (organisation, "kind"),
                       "area", get_string_member (organisation, "area"),
                       "practitioner-role-id", get_string_member (object, "sub"),
                       "both-care-settings", has_both_care_settings (organisation),
                       NULL);
}

const char *
cpis_user_info_get_username (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->username;
}

const char *
cpis_user_info_get_full_name (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->full_name;
}

CpisRole
cpis_user_info_get_role (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), CPIS_ROLE_UNKNOWN);

  return self->role;
}

const char *
cpis_user_info_get_job_role (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->job_role;
}

const char *
cpis_user_info_get_organisation_code (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->organisation_code;
}

const char *
cpis_user_info_get_organisation_name (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->organisation_name;
}

const char *
cpis_user_info_get_organisation_kind (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->organisation_kind;
}

const char *
cpis_user_info_get_area (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->area;
}

const char *
cpis_user_info_get_practitioner_role_id (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), NULL);

  return self->practitioner_role_id;
}

CpisCareSetting
cpis_user_info_get_care_setting (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), CPIS_CARE_SETTING_UNSCHEDULED);

  if (g_strcmp0 (self->organisation_kind, "scheduled-care") == 0)
    return CPIS_CARE_SETTING_SCHEDULED;

  return CPIS_CARE_SETTING_UNSCHEDULED;
}

gboolean
cpis_user_info_has_both_care_settings (CpisUserInfo *self)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), FALSE);

  return self->both_care_settings;
}

CpisCareSetting
cpis_user_info_get_care_setting_at (CpisUserInfo        *self,
                                    CpisWorkstationCare  workstation)
{
  g_return_val_if_fail (CPIS_IS_USER_INFO (self), CPIS_CARE_SETTING_UNSCHEDULED);

  if (self->both_care_settings)
    switch (workstation)
      {
      case CPIS_WORKSTATION_CARE_UNSCHEDULED:
        return CPIS_CARE_SETTING_UNSCHEDULED;
      case CPIS_WORKSTATION_CARE_SCHEDULED:
        return CPIS_CARE_SETTING_SCHEDULED;
      case CPIS_WORKSTATION_CARE_ORGANISATION:
      default:
        break;
      }

  return cpis_user_info_get_care_setting (self);
}
