//! The engine the service runs and its reload. Each request takes the current [`Loaded`] engine (an `Arc`) when it
//! starts and keeps it to the end, so a reload never changes the rules under a request in flight; a reload
//! builds the new engine aside and swaps it in only when every file loaded.

use std::sync::{Arc, RwLock};

use serde::Serialize;

use super::log;
use crate::engine::Engine;
use crate::error::ConfigError;
use crate::layers::Layers;

/// An engine with the reload that built it.
pub struct Loaded {
    pub engine: Engine,
    /// 1 for the data loaded at start, one more for every successful reload.
    pub generation: u64,
    pub loaded_at: String,
}

impl Loaded {
    fn load(rules: &Layers, reference: &Layers, generation: u64) -> Result<Loaded, Vec<ConfigError>> {
        Ok(Loaded {
            engine: Engine::load(rules, reference)?,
            generation,
            loaded_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }
}

/// The outcome of a reload, as `POST /v1/reload` answers it.
#[derive(Debug, Serialize)]
pub struct Reloaded {
    pub generation: u64,
    pub loaded_at: String,
    pub rules: usize,
}

/// The engine in use, where it is loaded from, and what the last failed reload said.
pub struct Shared {
    rules_dir: Layers,
    reference_dir: Layers,
    current: RwLock<Arc<Loaded>>,
    last_reload_error: RwLock<Option<Vec<String>>>,
    /// One reload at a time, so two reloads cannot finish out of order.
    reloading: tokio::sync::Mutex<()>,
}

impl Shared {
    pub fn load(rules_dir: Layers, reference_dir: Layers) -> Result<Shared, Vec<ConfigError>> {
        let engine = Loaded::load(&rules_dir, &reference_dir, 1)?;
        Ok(Shared {
            rules_dir,
            reference_dir,
            current: RwLock::new(Arc::new(engine)),
            last_reload_error: RwLock::new(None),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    /// The engine to use for one request, start to end.
    pub fn engine(&self) -> Arc<Loaded> {
        // A poisoned lock still holds a complete engine: the swap is one assignment.
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The errors of the last reload, when it failed and none has succeeded since.
    pub fn last_reload_error(&self) -> Option<Vec<String>> {
        self.last_reload_error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reads the rules and reference data again; on any error the engine in use stays and the errors are kept
    /// for `/healthz`. `trigger` names what asked, for the log.
    pub async fn reload(self: &Arc<Self>, trigger: &str) -> Result<Reloaded, Vec<String>> {
        let _one_at_a_time = self.reloading.lock().await;
        let generation = self.engine().generation + 1;
        let shared = self.clone();
        let loaded =
            tokio::task::spawn_blocking(move || Loaded::load(&shared.rules_dir, &shared.reference_dir, generation))
                .await;
        let loaded = match loaded {
            Ok(Ok(engine)) => Ok(engine),
            Ok(Err(errors)) => Err(errors.iter().map(ToString::to_string).collect()),
            Err(e) => Err(vec![format!("the reload stopped: {e}")]),
        };
        match loaded {
            Ok(engine) => {
                let reloaded = Reloaded {
                    generation: engine.generation,
                    loaded_at: engine.loaded_at.clone(),
                    rules: engine.engine.rules.len(),
                };
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(engine);
                *self.last_reload_error.write().unwrap_or_else(|e| e.into_inner()) = None;
                log::event(
                    "reloaded",
                    &[("trigger", trigger.into()), ("generation", reloaded.generation.into())],
                );
                Ok(reloaded)
            }
            Err(errors) => {
                *self.last_reload_error.write().unwrap_or_else(|e| e.into_inner()) = Some(errors.clone());
                log::event(
                    "reload-failed",
                    &[("trigger", trigger.into()), ("errors", errors.clone().into())],
                );
                Err(errors)
            }
        }
    }
}
