//! `paygrid serve`: the web pages and the JSON API over the store's data.

use crate::CliError;
use paygrid_store::Backend;
use std::net::SocketAddr;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Scheme and host the site is reached at, for canonical links [default: http://ADDR]
    #[arg(long, env = "PAYGRID_BASE_URL")]
    pub base_url: Option<String>,
    /// Submissions one client address may send at once (then one per 12 minutes)
    #[arg(long, default_value_t = 5)]
    pub submission_burst: u32,
}

/// Binds first, so the printed address is the real one (port 0), then loads
/// the snapshot and serves until Ctrl-C. The admin token comes from
/// `PAYGRID_ADMIN_TOKEN` only: a flag would show it in the process list.
pub fn run(store: Box<dyn Backend>, floor: usize, args: &ServeArgs) -> Result<(), CliError> {
    let listener =
        std::net::TcpListener::bind(args.addr).map_err(|e| CliError::Io(format!("cannot listen on {}: {e}", args.addr)))?;
    let addr = listener.local_addr().map_err(|e| CliError::Io(e.to_string()))?;
    let admin_token = std::env::var("PAYGRID_ADMIN_TOKEN").ok().filter(|t| !t.trim().is_empty());
    let config = paygrid_web::Config {
        floor,
        admin_token: admin_token.clone(),
        submission_burst: args.submission_burst,
        public_url: args.base_url.clone().filter(|u| !u.is_empty()).unwrap_or_else(|| format!("http://{addr}")),
        now: crate::now_iso,
        ..Default::default()
    };
    let state = paygrid_web::AppState::new(store, config)?;
    eprintln!("paygrid: serving http://{addr} (Ctrl-C stops)");
    if admin_token.is_none() {
        eprintln!("paygrid: PAYGRID_ADMIN_TOKEN is not set: the admin endpoints answer 403");
    }
    paygrid_web::run(listener, state).map_err(|e| CliError::Io(format!("server: {e}")))?;
    eprintln!("paygrid: stopped");
    Ok(())
}
