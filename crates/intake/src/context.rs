//! The intake context of this moment — now, the calendar in force, the settings — for the
//! handlers and the intake writer alike.

use lvyue_case::CaseContext;
use lvyue_web::AppState;

/// Runs `f` with the intake context of this moment.
pub fn with_context<T>(state: &AppState, f: impl FnOnce(&CaseContext<'_>) -> T) -> T {
    let calendar = state.calendar();
    let now = state.clock.now();
    let ctx = CaseContext {
        now,
        stored_now: lvyue_core::time::to_stored(now),
        calendar: &calendar,
        settings: &state.settings,
    };
    f(&ctx)
}
