//! Discord's own OpenAPI description, to check every request body the bot
//! sends. `.ci/run` passes its path in SECUREBASE_DISCORD_OPENAPI; without
//! it the tests stop with a message saying what to set.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const SPEC_VARIABLE: &str = "SECUREBASE_DISCORD_OPENAPI";

pub struct OpenApi {
    document: Value,
    validators: Mutex<HashMap<(String, String), Arc<jsonschema::Validator>>>,
}

impl OpenApi {
    /// Loads the description named by SECUREBASE_DISCORD_OPENAPI.
    pub fn load() -> OpenApi {
        let path = std::env::var(SPEC_VARIABLE).unwrap_or_else(|_| {
            panic!(
                "set {SPEC_VARIABLE} to Discord's openapi.json (../shared/discord-api-spec/openapi.json); \
                 the Discord tests check every request body against it and cannot run without it"
            )
        });
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {SPEC_VARIABLE}={path}: {error}"));
        OpenApi {
            document: serde_json::from_str(&text).expect("openapi.json is JSON"),
            validators: Mutex::default(),
        }
    }

    /// What is wrong with `body` as the JSON body of `method` on `path`
    /// (like `/api/v10/channels/1/messages`), or nothing when it is valid.
    pub fn check(&self, method: &str, path: &str, body: &Value) -> Vec<String> {
        let method = method.to_lowercase();
        let Some(template) = self.template(path) else {
            return vec![format!(
                "{method} {path} is not in Discord's API description"
            )];
        };
        let Some(validator) = self.validator(&template, &method) else {
            return vec![format!(
                "{method} {template} takes no JSON body in Discord's API description"
            )];
        };
        validator
            .iter_errors(body)
            .map(|error| format!("{method} {template}: {error} at {}", error.instance_path()))
            .collect()
    }

    /// The described path `path` is an instance of, like
    /// `/channels/{channel_id}/messages`; the most literal one when several
    /// fit (`…/messages/@original` before `…/messages/{message_id}`).
    fn template(&self, path: &str) -> Option<String> {
        let path = path.split('?').next()?.strip_prefix("/api/v10")?;
        let wanted: Vec<&str> = path.split('/').collect();
        self.document["paths"]
            .as_object()?
            .keys()
            .filter_map(|template| {
                let parts: Vec<&str> = template.split('/').collect();
                let placeholder = |part: &&str| part.starts_with('{') && part.ends_with('}');
                let fits = parts.len() == wanted.len()
                    && parts
                        .iter()
                        .zip(&wanted)
                        .all(|(part, actual)| part == actual || placeholder(part));
                fits.then(|| (parts.iter().filter(|p| !placeholder(p)).count(), template))
            })
            .max_by_key(|(literal, _)| *literal)
            .map(|(_, template)| template.clone())
    }

    fn validator(&self, template: &str, method: &str) -> Option<Arc<jsonschema::Validator>> {
        let key = (template.to_string(), method.to_string());
        if let Some(found) = self.validators.lock().unwrap().get(&key) {
            return Some(found.clone());
        }
        let pointer = format!(
            "/paths/{}/{method}/requestBody/content/application~1json/schema",
            template.replace('~', "~0").replace('/', "~1")
        );
        let schema = self.document.pointer(&pointer)?.clone();
        // The body's schema refers into the document, so the document is
        // the root, with the body's schema applied to it.
        let mut root = self.document.clone();
        let object = root.as_object_mut()?;
        object.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        object.insert("allOf".into(), Value::Array(vec![schema]));
        let validator = Arc::new(
            jsonschema::draft202012::new(&root)
                .unwrap_or_else(|error| panic!("the schema of {method} {template}: {error}")),
        );
        self.validators
            .lock()
            .unwrap()
            .insert(key, validator.clone());
        Some(validator)
    }
}
