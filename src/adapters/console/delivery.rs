//! Pings in the terminal: the scheduler hands a ping to the conversation
//! running here, which shows it between lines. A ping for anyone but the
//! person at this terminal cannot be delivered here.

use super::Event;
use crate::core::{Outbound, Platform, Who};
use crate::schedule::delivery::{Delivering, Delivery, DeliveryError};
use std::sync::mpsc::Sender;

pub struct ConsoleDelivery {
    who: Who,
    events: Sender<Event>,
}

impl ConsoleDelivery {
    /// Delivers to `who`'s conversation, which reads `events`.
    pub fn new(who: Who, events: Sender<Event>) -> ConsoleDelivery {
        ConsoleDelivery { who, events }
    }
}

impl Delivery for ConsoleDelivery {
    fn platform(&self) -> Platform {
        Platform::Console
    }

    fn deduplicates(&self) -> bool {
        false
    }

    fn deliver<'a>(
        &'a self,
        to: &'a Who,
        messages: &'a [Outbound],
        _key: &'a str,
    ) -> Delivering<'a> {
        Box::pin(async move {
            if *to != self.who {
                return Err(DeliveryError::Unreachable(
                    "they are not at this terminal".into(),
                ));
            }
            self.events
                .send(Event::Ping(messages.to_vec()))
                .map_err(|_| {
                    DeliveryError::Unreachable("the terminal conversation has ended".into())
                })
        })
    }
}
