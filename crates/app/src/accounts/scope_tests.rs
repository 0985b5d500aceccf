//! The rule per role, on a small tree: Top → {East → {Team A}, West}.

use vocal_domain::{AgentId, OrgId, Role, Unit, UnitId, UnitTree, UserId};
use vocal_store::{Agent, User};

use super::{Reach, Scope};

const TOP: UnitId = UnitId(1);
const EAST: UnitId = UnitId(2);
const TEAM_A: UnitId = UnitId(3);
const WEST: UnitId = UnitId(4);

fn tree() -> UnitTree {
    let unit = |id, parent, name: &str| Unit { id, parent, name: name.into() };
    UnitTree::new(vec![
        unit(TOP, None, "Top"),
        unit(EAST, Some(TOP), "East"),
        unit(TEAM_A, Some(EAST), "Team A"),
        unit(WEST, Some(TOP), "West"),
    ])
}

fn user(role: Role, unit_id: Option<UnitId>, agent_id: Option<AgentId>) -> User {
    User {
        id: UserId(9),
        org_id: OrgId(1),
        email: vocal_domain::Email::parse("u@example.com").unwrap(),
        name: "U".into(),
        role,
        unit_id,
        agent_id,
        disabled: false,
    }
}

#[test]
fn each_role_reaches_what_the_rule_says() {
    assert_eq!(Scope::of(&user(Role::Admin, None, None)).reach, Reach::Everything);
    assert_eq!(Scope::of(&user(Role::Analyst, None, None)).reach, Reach::Everything);
    assert_eq!(Scope::of(&user(Role::Manager, Some(EAST), None)).reach, Reach::Subtree(EAST));
    assert_eq!(Scope::of(&user(Role::Agent, None, Some(AgentId(5)))).reach, Reach::Agent(AgentId(5)));
    assert_eq!(Scope::of(&user(Role::Manager, None, None)).reach, Reach::Nothing, "a manager without a unit");
    assert_eq!(Scope::of(&user(Role::Agent, Some(EAST), None)).reach, Reach::Nothing, "an agent without an agent");
}

#[test]
fn a_manager_sees_their_subtree_only() {
    let (units, manager) = (tree(), Scope::of(&user(Role::Manager, Some(EAST), None)));
    assert!(manager.sees_unit(&units, EAST));
    assert!(manager.sees_unit(&units, TEAM_A), "own subtree");
    assert!(!manager.sees_unit(&units, TOP), "parent");
    assert!(!manager.sees_unit(&units, WEST), "sibling");
    assert!(manager.sees_response(&units, Some(TEAM_A), None));
    assert!(!manager.sees_response(&units, Some(WEST), Some(AgentId(1))));
    assert!(!manager.sees_response(&units, None, Some(AgentId(1))), "a response without a unit is nobody's subtree");
    let agent = |id, unit_id| Agent { id: AgentId(id), name: format!("a{id}"), unit_id };
    assert!(manager.sees_agent(&units, &agent(1, Some(TEAM_A))));
    assert!(!manager.sees_agent(&units, &agent(2, Some(WEST))));
    assert!(!manager.sees_agent(&units, &agent(3, None)));
}

#[test]
fn an_agent_sees_their_own_feedback_only() {
    let (units, me) = (tree(), Scope::of(&user(Role::Agent, None, Some(AgentId(7)))));
    assert!(me.sees_response(&units, Some(WEST), Some(AgentId(7))));
    assert!(!me.sees_response(&units, Some(WEST), Some(AgentId(8))));
    assert!(!me.sees_response(&units, Some(WEST), None));
    assert!(!me.sees_unit(&units, WEST), "no unit pages for agents");
    assert!(me.sees_agent(&units, &Agent { id: AgentId(7), name: "me".into(), unit_id: Some(WEST) }));
    assert!(!me.sees_agent(&units, &Agent { id: AgentId(8), name: "peer".into(), unit_id: Some(WEST) }));
}

#[test]
fn admins_see_every_existing_unit() {
    let (units, admin) = (tree(), Scope::of(&user(Role::Admin, None, None)));
    assert!(admin.sees_unit(&units, WEST));
    assert!(!admin.sees_unit(&units, UnitId(99)), "a unit that is not there");
    assert!(admin.sees_response(&units, None, None));
}
