namespace Platform.Contracts.Rooms;

/// <summary>
/// How many users reacted to a message with <see cref="Emoji"/>. <see cref="Mine"/> says whether the one reading it did:
/// set in what is answered to a caller (history, a reaction's answer) and sent to a watcher catching up, but left out of
/// a live change sent to every watcher alike, whose own reactions it did not change (the reactor's connections get it).
/// </summary>
public sealed record MessageReaction(string Emoji, int Count, bool? Mine = null);
