//! The token secret: configured, or (development only) generated once and kept in the data folder.

use crate::config::Config;
use crate::error::RunError;
use rand::RngCore;
use std::io::Write;

/// Returns the HS256 secret: `LVYUE_JWT_SECRET`, else the one kept in
/// `LVYUE_DATA_DIR/jwt-secret`, generating it on first use.
pub fn jwt_secret(config: &Config) -> Result<Vec<u8>, RunError> {
    if let Some(s) = &config.jwt_secret {
        return Ok(s.as_bytes().to_vec());
    }
    let path = config.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let trimmed = existing.trim();
        if trimmed.len() >= 32 {
            return Ok(trimmed.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(&config.data_dir).map_err(|e| RunError::file(&config.data_dir, e))?;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(|e| RunError::file(&path, e))?;
    file.write_all(secret.as_bytes()).map_err(|e| RunError::file(&path, e))?;
    tracing::warn!(path = %path.display(), "generated a development token secret; set LVYUE_JWT_SECRET in production");
    Ok(secret.into_bytes())
}
