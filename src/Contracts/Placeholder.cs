namespace Platform.Contracts; public static class Placeholder {}
