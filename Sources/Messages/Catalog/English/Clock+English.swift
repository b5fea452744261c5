extension Catalog {
    static let englishClock: [MessageKey: String] = [
        .helpClockAbstract: "Record a check of a camera's clock against a reference clock; later exports of that camera use its offset.",
        .clockOffset: "Clock offset: {offset} (camera − true time; pass it as --clock-offset {offset})",
        .clockFast: "The camera's clock runs {duration} fast.",
        .clockSlow: "The camera's clock runs {duration} slow.",
        .clockRight: "The camera's clock is right to the second.",
        .clockRecorded: "Recorded in the access log: exports of camera {camera} use this offset when --clock-offset is not given.",
        .clockUnreasonable: "the camera time and the reference time are more than a year apart; check the dates",
        .clockDurationHMS: "{h} h {m} min {s} s",
        .clockDurationMS: "{m} min {s} s",
        .clockDurationS: "{s} s",
        .exportClockCheckUsed: "using the clock check of camera {camera} recorded {time}: --clock-offset {offset}",
    ]
}
