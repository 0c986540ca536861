//! The server's state: the current data snapshot (swapped whole after a
//! moderation), the store for the few writes, and settings.

use crate::middleware::RateLimiter;
use paygrid_engine::{Area, AreaInfo, BacktestReport, CellQuery, Engine};
use paygrid_load::load_engine;
use paygrid_store::{Backend, SourceInfo, Store, StoreError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Server settings.
#[derive(Clone)]
pub struct Config {
    /// Privacy floor k (raised to the engine's minimum).
    pub floor: usize,
    /// Bearer token for the admin endpoints; `None` disables them.
    pub admin_token: Option<String>,
    /// Submissions one address may send at once…
    pub submission_burst: u32,
    /// …and then one per this interval.
    pub submission_every: Duration,
    /// Absolute URL the site is reached at, for canonical links (no trailing `/`).
    pub public_url: String,
    /// The current time as an ISO timestamp (`2026-11-22T10:00:00Z`); a
    /// function so that tests can fix it. The default reads the system clock.
    pub now: fn() -> String,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            floor: Engine::MIN_FLOOR,
            admin_token: None,
            submission_burst: 5,
            submission_every: Duration::from_secs(12 * 60),
            public_url: "http://127.0.0.1:8080".into(),
            now: system_now,
        }
    }
}

/// Fits the models many pages share (projection calibration, per-role
/// metro and skill regressions) off the request path, so the first visitors
/// of a new snapshot get pages as fast as later ones; a request that comes
/// first computes what it needs itself, and the caches keep one answer.
fn warm_in_background(data: &Arc<Data>) {
    let data = Arc::clone(data);
    let _ = std::thread::Builder::new().name("warm-up".into()).spawn(move || data.engine.warm_up(2));
}

/// The system clock as an ISO timestamp.
pub fn system_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    paygrid_domain::record::Date::iso_timestamp(secs)
}

/// A role as the search box offers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoleEntry {
    pub id: String,
    pub name: String,
    pub family: Option<String>,
    pub soc: Option<String>,
    /// Records of the role (specializations included); withheld under the floor.
    pub n: Option<usize>,
}

/// A location as the search box offers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LocationEntry {
    #[serde(flatten)]
    pub info: AreaInfo,
    pub slug: String,
    /// Published records there (all roles); withheld under the floor.
    pub n: Option<usize>,
    #[serde(skip)]
    pub area: Area,
    /// Offered in the pages' preloaded suggestion list.
    #[serde(skip)]
    pub suggested: bool,
}

/// A report link on the home page.
#[derive(Debug, Clone)]
pub struct Popular {
    pub role: String,
    pub role_name: String,
    pub area: Area,
    pub location_name: String,
    pub n: usize,
}

/// Everything the read paths need, built once per snapshot.
pub struct Data {
    pub engine: Engine,
    pub sources: Vec<SourceInfo>,
    pub roles: Vec<RoleEntry>,
    pub locations: Vec<LocationEntry>,
    pub popular: Vec<Popular>,
}

/// Report links shown on the home page.
const POPULAR_REPORTS: usize = 9;

impl Data {
    pub fn load(store: &dyn Store, floor: usize) -> Result<Data, StoreError> {
        let engine = load_engine(store, floor)?;
        let sources = store.sources()?;
        Ok(Data::new(engine, sources))
    }

    pub fn new(engine: Engine, sources: Vec<SourceInfo>) -> Data {
        let floor = engine.floor();
        let world = |role: &str| CellQuery::new(role, None, Area::World);
        // Role counts include specializations, as a role's cell does.
        let count = |role: &str| engine.count(&world(role)).map_or(0, |n| n.get());
        let mut roles: Vec<RoleEntry> = paygrid_domain::role::catalogue()
            .iter()
            .map(|d| {
                let n = count(d.id);
                RoleEntry {
                    id: d.id.into(),
                    name: d.name.into(),
                    family: d.parent.map(str::to_string),
                    soc: Some(d.soc.into()),
                    n: (n >= floor).then_some(n),
                }
            })
            .collect();
        // Titles outside the catalogue keep their own slug; they are offered
        // only when they read like a job title and enough records carry
        // them to publish anything (survey filler never becomes a role).
        for id in engine.role_ids() {
            let info = paygrid_engine::RoleInfo::of(id);
            if !info.known && paygrid_domain::title::looks_like_job_title(&info.name) {
                let n = count(id);
                if n >= floor {
                    roles.push(RoleEntry { id: info.id, name: info.name, family: None, soc: None, n: Some(n) });
                }
            }
        }
        roles.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.name.cmp(&b.name)));

        let popular = roles
            .iter()
            .filter(|r| r.n.is_some() && r.soc.is_some())
            .take(POPULAR_REPORTS)
            .map(|r| {
                let us = Area::Country("US".into());
                let n_us = engine.count(&CellQuery::new(&r.id, None, us.clone())).map_or(0, |n| n.get());
                let (area, n) = if n_us >= floor { (us, n_us) } else { (Area::World, r.n.unwrap_or(0)) };
                Popular { role: r.id.clone(), role_name: r.name.clone(), location_name: area.info().name, area, n }
            })
            .collect();

        // Search covers every place a report can be about; the preloaded
        // suggestions leave out metros without records (hundreds of them).
        let geo = paygrid_domain::geo::Geo::embedded();
        let mut with_records: Vec<&str> = engine.metro_codes();
        with_records.sort_unstable();
        let mut areas: Vec<(Area, bool)> =
            vec![(Area::Country("US".into()), true), (Area::World, true), (Area::Remote(None), true)];
        areas.extend(with_records.iter().map(|m| (Area::Metro(m.to_string()), true)));
        areas.extend(geo.countries().filter(|(c, _)| *c != "US").map(|(c, _)| (Area::Country(c.to_string()), true)));
        areas.extend(geo.states().map(|(code, _)| (Area::UsState(code.to_string()), true)));
        for (code, _) in geo.metros() {
            let code = code.trim_start_matches('0');
            if with_records.binary_search(&code).is_err() {
                areas.push((Area::Metro(code.to_string()), false));
            }
        }
        let counts: std::collections::HashMap<Area, usize> =
            engine.area_counts().into_iter().map(|(a, n)| (a, n.get())).collect();
        let mut locations: Vec<LocationEntry> = areas
            .into_iter()
            .map(|(area, suggested)| LocationEntry {
                info: area.info(),
                slug: paygrid_report::location_slug(&area),
                n: counts.get(&area).copied(),
                area,
                suggested,
            })
            .collect();
        // Places with records first, most records first; the rest keep
        // their order (countries, states, metros by name).
        locations.sort_by_key(|l| std::cmp::Reverse(l.n.unwrap_or(0)));
        Data { engine, sources, roles, locations, popular }
    }

    /// The projection backtest of this snapshot, computed on first use.
    pub fn backtest(&self) -> &BacktestReport {
        self.engine.default_backtest()
    }

    /// Roles matching `q` (a name, an id, or a title that normalizes to
    /// the role), best match first and, within a match class, most records
    /// first; `offset` pages through them.
    pub fn search_roles(&self, q: &str, offset: usize, limit: usize) -> Page<'_, RoleEntry> {
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return Page::of(self.roles.iter().filter(|r| r.n.is_some()).collect(), offset, limit);
        }
        let (resolved, _) = paygrid_engine::resolve_role(&q);
        // Level words say nothing about the role: "Senior Back" looks for "back".
        let words: Vec<&str> =
            q.split([' ', '-', '/', ',']).filter(|w| !w.is_empty() && paygrid_engine::parse_level(w).is_none()).collect();
        let rank = |r: &RoleEntry| -> Option<u8> {
            let name = r.name.to_lowercase();
            let name_words: Vec<&str> = name.split([' ', '-', '/']).collect();
            let all_prefix = !words.is_empty() && words.iter().all(|w| name_words.iter().any(|n| n.starts_with(w)));
            if r.id == resolved.id && resolved.known {
                Some(0)
            } else if name.starts_with(&q) || r.id.starts_with(&q) {
                Some(1)
            } else if all_prefix {
                Some(2)
            } else if name.contains(&q) || r.id.contains(&q) {
                Some(3)
            } else {
                None
            }
        };
        let mut hits: Vec<(u8, &RoleEntry)> = self.roles.iter().filter_map(|r| rank(r).map(|k| (k, r))).collect();
        hits.sort_by_key(|(k, r)| (*k, std::cmp::Reverse(r.n.unwrap_or(0))));
        Page::of(hits.into_iter().map(|(_, r)| r).collect(), offset, limit)
    }

    /// Locations matching `q`, best first (free text the geo tables
    /// resolve, "NYC" or "Bay Area", first), most records first within a
    /// match class; `offset` pages through them.
    pub fn search_locations(&self, q: &str, offset: usize, limit: usize) -> Page<'_, LocationEntry> {
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return Page::of(self.locations.iter().collect(), offset, limit);
        }
        let resolved = Area::parse(&q);
        let rank = |l: &LocationEntry| -> Option<u8> {
            let name = l.info.name.to_lowercase();
            if Some(&l.area) == resolved.as_ref() {
                Some(0)
            } else if name.starts_with(&q) || l.info.code.to_lowercase() == q {
                Some(1)
            } else if name.split([' ', '-', ',', '/']).any(|w| w.starts_with(&q)) {
                Some(2)
            } else if name.contains(&q) {
                Some(3)
            } else {
                None
            }
        };
        let mut hits: Vec<(u8, &LocationEntry)> = self.locations.iter().filter_map(|l| rank(l).map(|k| (k, l))).collect();
        hits.sort_by_key(|(k, l)| (*k, std::cmp::Reverse(l.n.unwrap_or(0))));
        Page::of(hits.into_iter().map(|(_, l)| l).collect(), offset, limit)
    }
}

/// One page of search results and where the next one starts.
pub struct Page<'a, T> {
    pub items: Vec<&'a T>,
    pub total: usize,
    pub next_offset: Option<usize>,
}

impl<'a, T> Page<'a, T> {
    fn of(all: Vec<&'a T>, offset: usize, limit: usize) -> Page<'a, T> {
        let total = all.len();
        let items: Vec<&T> = all.into_iter().skip(offset).take(limit).collect();
        let end = offset + items.len();
        Page { items, total, next_offset: (end < total).then_some(end) }
    }
}

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    data: RwLock<Arc<Data>>,
    store: Mutex<Box<dyn Backend>>,
    config: Config,
    limiter: RateLimiter,
    /// Two permits per core for [`AppState::compute`].
    compute_slots: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Loads the snapshot from `store` and keeps the store for writes.
    pub fn new(store: Box<dyn Backend>, mut config: Config) -> Result<AppState, StoreError> {
        config.floor = config.floor.max(Engine::MIN_FLOOR);
        config.public_url = config.public_url.trim_end_matches('/').to_string();
        let data = Arc::new(Data::load(store.as_ref(), config.floor)?);
        warm_in_background(&data);
        let limiter = RateLimiter::new(config.submission_burst, config.submission_every);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let compute_slots = Arc::new(tokio::sync::Semaphore::new(2 * cores));
        Ok(AppState(Arc::new(Shared { data: RwLock::new(data), store: Mutex::new(store), config, limiter, compute_slots })))
    }

    /// Runs a request's CPU-bound work (a report, a comparison, an offer) on
    /// the blocking pool, at most two tasks per core at a time (one running,
    /// one ready, so no core idles during a hand-off: with one per core a
    /// report page lost 15% of its throughput under load); later ones wait
    /// their turn, first come first served. A warm report page takes
    /// ~1.5 ms, a cold one tens to hundreds: on the runtime's worker threads
    /// (one per core) it would hold up every other request queued on that
    /// thread, however cheap. The slot is held until `f` returns, even if
    /// the client has gone.
    pub async fn compute<T: Send + 'static>(&self, f: impl FnOnce(&AppState) -> T + Send + 'static) -> T {
        let slot = Arc::clone(&self.0.compute_slots).acquire_owned().await.expect("the semaphore is never closed");
        let st = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            f(&st)
        });
        match task.await {
            Ok(v) => v,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("request work cancelled: {e}"),
        }
    }

    /// The current snapshot. Held by a request for its whole duration, so
    /// a reload never changes figures under a page being rendered.
    pub fn data(&self) -> Arc<Data> {
        self.0.data.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn limiter(&self) -> &RateLimiter {
        &self.0.limiter
    }

    /// Runs `f` on the store on the blocking pool (SQLite calls block).
    pub async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.0.store.lock().unwrap_or_else(|p| p.into_inner());
            f(store.as_mut())
        })
        .await
        .unwrap_or_else(|e| Err(StoreError::Io(std::io::Error::other(e.to_string()))))
    }

    /// Rebuilds the snapshot from `store` and swaps it in; requests already
    /// running keep the one they started with.
    pub fn reload_from(&self, store: &dyn Store) -> Result<(), StoreError> {
        let data = Arc::new(Data::load(store, self.0.config.floor)?);
        warm_in_background(&data);
        *self.0.data.write().unwrap_or_else(|p| p.into_inner()) = data;
        Ok(())
    }

    pub fn now(&self) -> String {
        (self.0.config.now)()
    }

    /// Today per [`Config::now`], for the import rules (future dates).
    pub fn today(&self) -> paygrid_domain::record::Date {
        let now = self.now();
        now.get(..10)
            .and_then(paygrid_domain::record::Date::parse_iso)
            .unwrap_or_else(|| paygrid_domain::record::Date::new(1970, 1, 1).expect("valid date"))
    }
}
